package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** A read from a loom-uring file, as {@code jdk.FileRead}. */
@Name("io.loomuring.FileRead")
@Label("loom-uring File Read")
@Category({"loom-uring", "File"})
@Description("Reading data from a loom-uring file")
@Threshold("20 ms")
@StackTrace(true)
public final class FileReadEvent extends jdk.jfr.Event {
    @Label("Path")
    public String path;

    @Label("Bytes Read")
    @DataAmount
    public long bytesRead;

    @Label("End of File")
    public boolean endOfFile;
}
