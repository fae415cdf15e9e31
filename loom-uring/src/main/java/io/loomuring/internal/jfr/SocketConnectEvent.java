package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/** Connecting a loom-uring socket */
@Name("io.loomuring.SocketConnect")
@Label("loom-uring Socket Connect")
@Category({"loom-uring", "Socket"})
@Description("Connecting a loom-uring socket")
@Threshold("20 ms")
@StackTrace(true)
public final class SocketConnectEvent extends jdk.jfr.Event {
    @Label("Timeout Value")
    @Timespan(Timespan.MILLISECONDS)
    public long timeout;

    @Label("Remote Host")
    public String host;

    @Label("Remote Address")
    public String address;

    @Label("Remote Port")
    public int port;

    /** Sets host, address and port from {@code remote} (an Internet address; other kinds: address only). */
    public void remote(java.net.SocketAddress remote) {
        host = Remote.host(remote);
        address = Remote.address(remote);
        port = Remote.port(remote);
    }
}
