package io.loomuring;

/** Keeps the API's abstract types closed: only loom-uring's backends implement them. */
final class Implementors {
    private Implementors() {}

    static final String BACKENDS = "io.loomuring.backend.";

    /**
     * @throws IllegalStateException {@code c} is not one of loom-uring's backend classes
     */
    static void check(Class<?> c) {
        // The class name, not getPackageName(), which computed the package anew at every file's
        // open (2026-12-07: a tenth of the Java time of opening a file).
        if (!c.getName().startsWith(BACKENDS)) {
            throw new IllegalStateException(c.getName() + " cannot extend a loom-uring type: only "
                    + BACKENDS + "* implement them; open one with the type's static factories");
        }
    }
}
