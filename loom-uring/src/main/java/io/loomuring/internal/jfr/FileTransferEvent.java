package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** transferTo or transferFrom between a loom-uring file and socket (splice) */
@Name("io.loomuring.FileTransfer")
@Label("loom-uring File Transfer")
@Category({"loom-uring", "File"})
@Description("transferTo or transferFrom between a loom-uring file and socket (splice)")
@Threshold("20 ms")
@StackTrace(true)
public final class FileTransferEvent extends jdk.jfr.Event {
    @Label("Path")
    public String path;

    @Label("To the Socket")
    @Description("transferTo (true) or transferFrom (false)")
    public boolean toSocket;

    @Label("Bytes Transferred")
    @DataAmount
    public long bytes;
}
