package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/** A read from a loom-uring socket, as {@code jdk.SocketRead}. */
@Name("io.loomuring.SocketRead")
@Label("loom-uring Socket Read")
@Category({"loom-uring", "Socket"})
@Description("Reading data from a loom-uring socket")
@Threshold("20 ms")
@StackTrace(true)
public final class SocketReadEvent extends jdk.jfr.Event {
    @Label("Remote Host")
    public String host;

    @Label("Remote Address")
    public String address;

    @Label("Remote Port")
    public int port;

    @Label("Timeout Value")
    @Timespan(Timespan.MILLISECONDS)
    public long timeout;

    @Label("Bytes Read")
    @DataAmount
    public long bytesRead;

    @Label("End of Stream")
    public boolean endOfStream;

    /** Sets host, address and port from {@code remote} (an Internet address; other kinds: address only). */
    public void remote(java.net.SocketAddress remote) {
        host = Remote.host(remote);
        address = Remote.address(remote);
        port = Remote.port(remote);
    }
}
