package dev.hinksbot.gateway.tools.net;

import dev.hinksbot.gateway.common.CancelSignal;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 GET for the network tools, written so the {@link AddressPolicy} cannot be walked around: every hop (the
 * first URL and each redirect, at most {@value #MAX_REDIRECTS}) is checked, the name is resolved once, and the socket
 * connects to an address that was checked — the Host header, SNI and certificate check still use the name. A JDK
 * {@code HttpClient} cannot do this (it resolves on its own and follows redirects unchecked), hence a small client.
 * One request per connection ({@code Connection: close}); bodies are read up to a cap; one deadline covers the
 * whole fetch; a cancel closes the socket.
 */
public final class GuardedFetcher {
    public static final int MAX_REDIRECTS = 5;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final String USER_AGENT = "HinksBot-Gateway/0.1 (tool fetch)";

    /** A final (non-redirect) answer; {@code contentType} is the raw header value, {@code uri} the last hop's URL. */
    public record Response(int status, String contentType, byte[] body, URI uri, boolean truncated) {
    }

    private final AddressPolicy policy;
    private final Duration timeout;
    private final int maxBodyBytes;

    public GuardedFetcher(AddressPolicy policy, Duration timeout, int maxBodyBytes) {
        this.policy = policy;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    public AddressPolicy policy() {
        return policy;
    }

    /** The same fetcher under another policy (web_search adds the owner's search endpoint to it). */
    public GuardedFetcher withPolicy(AddressPolicy other) {
        return new GuardedFetcher(other, timeout, maxBodyBytes);
    }

    public Response get(URI uri, String accept, CancelSignal cancel) throws FetchException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = uri;
        URI from = null;
        for (int hop = 0; ; hop++) {
            AddressPolicy.Target target;
            try {
                target = policy.check(current);
            } catch (AddressPolicy.UnknownHost e) {
                throw new FetchException("could not fetch " + current + ": " + e.getMessage());
            } catch (AddressPolicy.Refused e) {
                throw new FetchException(e.getMessage() + (from == null ? "" : " (redirected to " + current + " from " + from + ")"));
            }
            Answer answer = exchange(current, target, accept, cancel, deadline);
            String location = answer.location();
            if (location == null) {
                return answer.response();
            }
            if (hop == MAX_REDIRECTS) {
                throw new FetchException("too many redirects (more than " + MAX_REDIRECTS + ") fetching " + uri);
            }
            try {
                from = current;
                current = current.resolve(new URI(location.strip()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new FetchException("bad redirect from " + current + ": Location '" + location + "' is not a URL");
            }
        }
    }

    /** What one hop answered: a final response, or the Location of a redirect. */
    private record Answer(Response response, String location) {
    }

    /** One request on one connection to one of the checked addresses. */
    private Answer exchange(URI uri, AddressPolicy.Target target, String accept, CancelSignal cancel, long deadline)
            throws FetchException {
        Socket socket = null;
        try {
            if (cancel.isCancelled()) {
                throw new FetchException("cancelled");
            }
            socket = connect(uri, target, deadline);
            Socket s = socket;
            try (AutoCloseable closeOnCancel = cancel.onCancel(() -> closeQuietly(s))) {
                if (target.https()) {
                    socket = tls(socket, target, deadline);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request(uri, target, accept).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return read(new BufferedInputStream(new DeadlineInput(socket, deadline)), uri);
            }
        } catch (FetchException e) {
            throw e;
        } catch (Exception e) {
            if (cancel.isCancelled()) {
                throw new FetchException("cancelled");
            }
            throw new FetchException(describe(e, uri, target));
        } finally {
            closeQuietly(socket);
        }
    }

    private static Socket connect(URI uri, AddressPolicy.Target target, long deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : target.addresses()) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, target.port()), remainingMillis(deadline));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
                if (e instanceof SocketTimeoutException && remainingMillis(deadline) <= 1) {
                    break;
                }
            }
        }
        throw last != null ? last : new ConnectException("no address for " + uri.getHost());
    }

    private static Socket tls(Socket plain, AddressPolicy.Target target, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, target.host(), target.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        // the certificate must match the name the URL gave, although the socket went to an address we chose
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (Literals.parse(target.host()) == null) {
            params.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static String request(URI uri, AddressPolicy.Target target, String accept) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        boolean defaultPort = target.port() == (target.https() ? 443 : 80);
        return "GET " + path + query + " HTTP/1.1\r\n"
                + "Host: " + host + (defaultPort ? "" : ":" + target.port()) + "\r\n"
                + "User-Agent: " + USER_AGENT + "\r\n"
                + "Accept: " + accept + "\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
    }

    private Answer read(InputStream in, URI uri) throws IOException, FetchException {
        int status;
        Map<String, String> headers;
        do {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new FetchException("could not fetch " + uri + ": the server did not answer with HTTP/1.x");
            }
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new FetchException("could not fetch " + uri + ": bad status line");
            }
            headers = headers(in);
        } while (status >= 100 && status < 200);
        boolean redirect = switch (status) {
            case 301, 302, 303, 307, 308 -> headers.containsKey("location");
            default -> false;
        };
        if (redirect) {
            return new Answer(null, headers.get("location"));
        }
        byte[] body;
        boolean truncated = false;
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else {
            InputStream bodyIn = "chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", "").strip())
                    ? new ChunkedInput(in) : headers.containsKey("content-length")
                    ? new LimitedInput(in, contentLength(headers.get("content-length"))) : in;
            body = bodyIn.readNBytes(maxBodyBytes + 1);
            truncated = body.length > maxBodyBytes;
            if (truncated) {
                body = Arrays.copyOf(body, maxBodyBytes);
            }
        }
        return new Answer(new Response(status, headers.getOrDefault("content-type", ""), body, uri, truncated), null);
    }

    private static long contentLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length '" + value + "'");
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        int total = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("response headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                headers.merge(name, value, (a, b) -> name.equals("location") || name.equals("content-type") ? a : a + ", " + b);
            }
        }
        return headers;
    }

    /** One CRLF- (or LF-) terminated line of ISO-8859-1 text. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (b.size() == 0) {
                    throw new IOException("the server closed the connection without an answer");
                }
                break;
            }
            if (b.size() >= MAX_HEADER_BYTES) {
                throw new IOException("response line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Says what went wrong in words a model can act on, rather than a socket exception's class name. */
    private String describe(Throwable t, URI uri, AddressPolicy.Target target) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return "timed out after " + timeout.toSeconds() + "s fetching " + uri;
            }
            if (c instanceof SSLException) {
                return "could not fetch " + uri + ": TLS error: " + c.getMessage();
            }
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                return "could not fetch " + uri + ": could not connect to " + target.host() + ":" + target.port()
                        + " (refused or unreachable)";
            }
        }
        return "could not fetch " + uri + ": " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static int remainingMillis(long deadline) {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Every read waits at most until the deadline, so a trickling server cannot hold a tool past its timeout. */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            if (System.nanoTime() >= deadline) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout(remainingMillis(deadline));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }

    /** Exactly {@code length} bytes of body, then end of stream. */
    private static final class LimitedInput extends InputStream {
        private final InputStream in;
        private long left;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** A chunked body (RFC 9112 §7.1), decoded; trailers are read and dropped. */
    private static final class ChunkedInput extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        private boolean next() throws IOException {
            if (done) {
                return false;
            }
            if (left == 0) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
                try {
                    left = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size '" + hex + "'");
                }
                if (left == 0) {
                    for (String t = line(in); !t.isEmpty(); t = line(in)) {
                        // trailers carry nothing the tools use
                    }
                    done = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the server closed the connection inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(in); // the CRLF after the chunk's data
            }
            return n;
        }
    }
}
