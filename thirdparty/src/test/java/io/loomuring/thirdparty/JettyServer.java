package io.loomuring.thirdparty;

import java.nio.ByteBuffer;
import java.util.concurrent.Executors;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12, unmodified: non-blocking channels and its own selectors, blocking handlers on virtual
 * threads (its thread pool's virtual-threads executor, as a user configures it). Usage:
 * {@code JettyServer PORT [--until-eof]}.
 */
public final class JettyServer {
    private JettyServer() {}

    public static void main(String[] args) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(ServerMain.port(args));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = switch (Request.getPathInContext(request)) {
                    case "/hello" -> ServerMain.HELLO;
                    case "/bytes" -> Bodies.of(Integer.parseInt(Request.extractQueryParameters(request).getValue("n")));
                    case "/file" -> ServerMain.fileBody();
                    case "/who" -> Thread.currentThread().toString().getBytes();
                    default -> null;
                };
                if (body == null) {
                    return false;   // 404
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        ServerMain.started(ServerMain.port(args), args, () -> {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
