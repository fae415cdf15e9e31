package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** A write to a loom-uring file, as {@code jdk.FileWrite}. */
@Name("io.loomuring.FileWrite")
@Label("loom-uring File Write")
@Category({"loom-uring", "File"})
@Description("Writing data to a loom-uring file")
@Threshold("20 ms")
@StackTrace(true)
public final class FileWriteEvent extends jdk.jfr.Event {
    @Label("Path")
    public String path;

    @Label("Bytes Written")
    @DataAmount
    public long bytesWritten;
}
