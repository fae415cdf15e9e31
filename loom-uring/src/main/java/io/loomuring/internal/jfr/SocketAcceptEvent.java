package io.loomuring.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** Accepting a connection on a loom-uring server socket (the peer's address) */
@Name("io.loomuring.SocketAccept")
@Label("loom-uring Socket Accept")
@Category({"loom-uring", "Socket"})
@Description("Accepting a connection on a loom-uring server socket (the peer's address)")
@Threshold("20 ms")
@StackTrace(true)
public final class SocketAcceptEvent extends jdk.jfr.Event {
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
