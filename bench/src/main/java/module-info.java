/**
 * JMH benchmarks, the side-by-side harness and the soak. The shaded {@code benchmarks.jar} runs from the
 * class path (the shade plugin drops module descriptors), so JMH's generated classes need no exports.
 */
module io.loomuring.bench {
    requires io.loomuring;
    requires jdk.management;
    requires io.loomuring.compat;
    requires io.loomuring.samples; // the soak's server runs the samples
    requires jmh.core;
}
