/**
 * JMH benchmarks and the side-by-side harness. The shaded {@code benchmarks.jar} runs from the
 * class path (the shade plugin drops module descriptors), so JMH's generated classes need no exports.
 */
module io.loomuring.bench {
    requires io.loomuring;
    requires io.loomuring.compat;
    requires jmh.core;
}
