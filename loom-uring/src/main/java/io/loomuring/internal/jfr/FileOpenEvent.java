package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** Opening a loom-uring file */
@Name("io.loomuring.FileOpen")
@Label("loom-uring File Open")
@Category({"loom-uring", "File"})
@Description("Opening a loom-uring file")
@Threshold("20 ms")
@StackTrace(true)
public final class FileOpenEvent extends jdk.jfr.Event {
    @Label("Path")
    public String path;
}
