/** jcstress tests of loom-uring's concurrency protocols (run on the class path). */
package io.loomuring.stress;
