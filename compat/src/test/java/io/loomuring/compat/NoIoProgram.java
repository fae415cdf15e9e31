package io.loomuring.compat;

/** An unmodified program that does no I/O that loom-uring could take: it prints one line. */
public final class NoIoProgram {
    private NoIoProgram() {}

    public static void main(String[] args) {
        System.out.println("no I/O here");
    }
}
