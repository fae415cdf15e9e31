/**
 * JFR events of loom-uring operations, shaped like the JDK's {@code jdk.SocketRead},
 * {@code jdk.SocketWrite}, {@code jdk.FileRead} and {@code jdk.FileWrite} (same fields, same 20 ms
 * default threshold), and a periodic event with each ring's and carrier's counters. An event class
 * costs nothing until a recording enables it: the operations ask {@code isEnabled()} first, and
 * JFR leaves an event class uninstrumented (its methods empty) until then.
 *
 * <p>Threads: any; an event object belongs to the thread of its operation.
 */
package io.loomuring.internal.jfr;
