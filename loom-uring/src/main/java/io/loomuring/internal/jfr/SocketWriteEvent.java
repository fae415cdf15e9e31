package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** A write to a loom-uring socket, as {@code jdk.SocketWrite}. */
@Name("io.loomuring.SocketWrite")
@Label("loom-uring Socket Write")
@Category({"loom-uring", "Socket"})
@Description("Writing data to a loom-uring socket")
@Threshold("20 ms")
@StackTrace(true)
public final class SocketWriteEvent extends jdk.jfr.Event {
    @Label("Remote Host")
    public String host;

    @Label("Remote Address")
    public String address;

    @Label("Remote Port")
    public int port;

    @Label("Bytes Written")
    @DataAmount
    public long bytesWritten;

    /** Sets host, address and port from {@code remote} (an Internet address; other kinds: address only). */
    public void remote(java.net.SocketAddress remote) {
        host = Remote.host(remote);
        address = Remote.address(remote);
        port = Remote.port(remote);
    }
}
