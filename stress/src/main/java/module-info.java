/**
 * jcstress tests of loom-uring's concurrency protocols. jcstress runs its tests from the class
 * path, so this descriptor only states the module's dependencies.
 */
module io.loomuring.stress {
    requires io.loomuring;
}
