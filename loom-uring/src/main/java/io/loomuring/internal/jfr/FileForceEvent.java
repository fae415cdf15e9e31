package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** Forcing a loom-uring file to storage (fsync or fdatasync) */
@Name("io.loomuring.FileForce")
@Label("loom-uring File Force")
@Category({"loom-uring", "File"})
@Description("Forcing a loom-uring file to storage (fsync or fdatasync)")
@Threshold("20 ms")
@StackTrace(true)
public final class FileForceEvent extends jdk.jfr.Event {
    @Label("Path")
    public String path;

    @Label("Metadata")
    @Description("fsync (true) or fdatasync (false)")
    public boolean metaData;
}
