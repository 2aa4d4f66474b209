package io.moeplatform.platform.failure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP forwarder between a worker and the object store, that a test cuts to make the
 * store unreachable: every open connection is dropped and new ones are refused (closed at once)
 * until {@link #restore}. It can also cut itself the moment a request naming a given text goes
 * through it, e.g. the first request of a particular checkpoint's upload.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile String cutOn;
    private volatile String cutMethod = "";
    private final java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger();
    private final CountDownLatch wasCut = new CountDownLatch(1);

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Cuts the link when a client sends the {@code nth} request that starts with {@code method} and
     * contains {@code text} (that request is not forwarded).
     */
    void cutOnRequest(String method, String text, int nth) {
        cutMethod = method + " ";
        remaining.set(nth);
        cutOn = text;
    }

    boolean awaitCut(java.time.Duration timeout) throws InterruptedException {
        return wasCut.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    boolean isCut() {
        return cut;
    }

    /** Drops every connection and refuses new ones. */
    void cut() {
        cut = true;
        cutOn = null;
        for (Socket s : open) {
            closeQuietly(s);
        }
        wasCut.countDown();
    }

    void restore() {
        cut = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, true));
                Thread.ofVirtual().start(() -> pump(upstream, client, false));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection close
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                String trigger = cutOn;
                if (request && trigger != null) {
                    String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    if (chunk.startsWith(cutMethod) && chunk.contains(trigger) && remaining.decrementAndGet() == 0) {
                        cut();
                        return;
                    }
                }
                if (cut) {
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
