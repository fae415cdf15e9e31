/** java.nio and java.net adapters over loom-uring and the switches for unmodified programs; see the package documentation. */
module io.loomuring.compat {
    requires transitive io.loomuring;
    requires static java.instrument; // the agent only (Agent, SchedulerReach)

    exports io.loomuring.compat;
}
