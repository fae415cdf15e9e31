/**
 * loom-uring's machinery behind the public API: fd lifecycle, the blocking bracket, native buffer
 * pool, errno mapping. Not a supported API; exported only to loom-uring's own modules.
 */
package io.loomuring.internal;
