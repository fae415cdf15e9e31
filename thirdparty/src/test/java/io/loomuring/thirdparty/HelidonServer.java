package io.loomuring.thirdparty;

import io.helidon.webserver.WebServer;

/**
 * Helidon 4 SE's web server, unmodified: one virtual thread per connection on blocking
 * {@code java.net} sockets, started by its accept loop. Usage: {@code HelidonServer PORT [--until-eof]}.
 */
public final class HelidonServer {
    private HelidonServer() {}

    public static void main(String[] args) throws Exception {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(ServerMain.port(args))
                .routing(r -> r
                        .get("/hello", (req, res) -> res.send(ServerMain.HELLO))
                        .get("/bytes", (req, res) -> res.send(Bodies.of(Integer.parseInt(req.prologue().query().get("n")))))
                        .get("/file", (req, res) -> res.send(ServerMain.fileBody()))
                        .get("/who", (req, res) -> res.send(Thread.currentThread().toString())))
                .build()
                .start();
        ServerMain.started(server.port(), args, server::stop);
    }
}
