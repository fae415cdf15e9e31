package io.loomuring.thirdparty;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Tomcat 11 embedded, unmodified: its NIO connector (non-blocking channels, a poller on a
 * Selector), servlets on virtual threads ({@code useVirtualThreads}, as a user configures it).
 * Usage: {@code TomcatServer PORT [--until-eof]}.
 */
public final class TomcatServer {
    private TomcatServer() {}

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("loomuring-tomcat").toString());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(ServerMain.port(args));
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("useVirtualThreads", "true");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", null);
        Tomcat.addServlet(ctx, "all", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                byte[] body = switch (req.getRequestURI()) {
                    case "/hello" -> ServerMain.HELLO;
                    case "/bytes" -> Bodies.of(Integer.parseInt(req.getParameter("n")));
                    case "/file" -> ServerMain.fileBody();
                    case "/who" -> Thread.currentThread().toString().getBytes();
                    default -> null;
                };
                if (body == null) {
                    resp.sendError(404);
                    return;
                }
                resp.setContentType("text/plain");
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
            }
        });
        ctx.addServletMappingDecoded("/*", "all");
        tomcat.start();
        ServerMain.started(ServerMain.port(args), args, () -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
