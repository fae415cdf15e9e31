package io.loomuring.thirdparty;

import java.util.concurrent.Executors;

import net.freeutils.httpserver.HTTPServer;

/**
 * JLHTTP, unmodified, handing each connection to a new virtual thread (its executor, as a user
 * configures it); its accept loop runs on a platform thread it starts. Usage:
 * {@code JlHttpServer PORT [--until-eof]}.
 */
public final class JlHttpServer {
    private JlHttpServer() {}

    public static void main(String[] args) throws Exception {
        HTTPServer server = new HTTPServer(ServerMain.port(args));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        HTTPServer.VirtualHost host = server.getVirtualHost(null);
        host.addContext("/hello", (req, resp) -> send(resp, ServerMain.HELLO));
        host.addContext("/bytes", (req, resp) -> send(resp, Bodies.of(Integer.parseInt(req.getParams().get("n")))));
        host.addContext("/file", (req, resp) -> send(resp, ServerMain.fileBody()));
        host.addContext("/who", (req, resp) -> send(resp, Thread.currentThread().toString().getBytes()));
        server.start();
        ServerMain.started(ServerMain.port(args), args, server::stop);
    }

    private static int send(HTTPServer.Response resp, byte[] body) throws java.io.IOException {
        resp.sendHeaders(200, body.length, -1, null, "text/plain", null);
        resp.getBody().write(body);
        return 0;
    }
}
