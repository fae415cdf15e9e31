/**
 * What the two backends share: open options as {@code open(2)} flags ({@code OpenSpec}), socket
 * options as {@code setsockopt} levels and names ({@code SockOpts}), and transfers through a
 * buffer ({@code BufferedCopy}). Depends on the API; the API does not depend on it.
 */
package io.loomuring.backend;
