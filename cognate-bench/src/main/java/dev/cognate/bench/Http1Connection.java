package dev.cognate.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One keep-alive HTTP/1.1 connection that sends ready-made requests and reads whole answers,
 * blocking. Deliberately minimal: the load driver shares the machine's cores with the server,
 * so the less CPU a request costs here, the more the figures say about the server.
 */
final class Http1Connection implements AutoCloseable {
    /**
     * The status, the body when it was asked for (else empty), the {@code Location} header (or
     * null) and every {@code Set-Cookie} header: what a browser needs to follow a redirect.
     */
    record Response(int status, byte[] body, String location, List<String> setCookies) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private boolean closedByServer;

    Http1Connection(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** A POST of an {@code application/x-www-form-urlencoded} body, as bytes to send as they are. */
    static byte[] formPost(String host, int port, String path, String authorization, String form) {
        return post(host, port, path, "application/x-www-form-urlencoded", authorization == null ? ""
                : "Authorization: " + authorization + "\r\n", form);
    }

    /** An unsigned call of Cognito's JSON API ({@code POST /}, {@code X-Amz-Target}), as bytes to send as they are. */
    static byte[] apiCall(String host, int port, String operation, String json) {
        return post(host, port, "/", "application/x-amz-json-1.1",
                "X-Amz-Target: AWSCognitoIdentityProviderService." + operation + "\r\n", json);
    }

    private static byte[] post(String host, int port, String path, String contentType, String headers, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Accept: application/json\r\n")
                .append(headers);
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** A GET, as bytes to send as they are. */
    static byte[] get(String host, int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A browser's GET: the path with its query, and its cookies ({@code Cookie} header value; none when empty). */
    static byte[] browserGet(String host, int port, String pathAndQuery, String cookies) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/html\r\n"
                + (cookies.isEmpty() ? "" : "Cookie: " + cookies + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A browser's form post with its cookies ({@code Cookie} header value; none when empty). */
    static byte[] browserPost(String host, int port, String path, String cookies, String form) {
        return post(host, port, path, "application/x-www-form-urlencoded",
                cookies.isEmpty() ? "" : "Cookie: " + cookies + "\r\n", form);
    }

    Response exchange(byte[] request, boolean keepBody) throws IOException {
        out.write(request);
        out.flush();
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String location = null;
        List<String> setCookies = List.of();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closedByServer = true;
            } else if (name.equalsIgnoreCase("Location")) {
                location = value;
            } else if (name.equalsIgnoreCase("Set-Cookie")) {
                if (setCookies.isEmpty()) {
                    setCookies = new ArrayList<>(2);
                }
                setCookies.add(value);
            }
        }
        ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream() : null;
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            throw new IOException("an answer without Content-Length or chunked encoding");
        }
        return new Response(status, body == null ? new byte[0] : body.toByteArray(), location, setCookies);
    }

    /** False once the server said it closes the connection: open a new one. */
    boolean reusable() {
        return !closedByServer;
    }

    private void copy(long count, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[(int) Math.min(count, 8192)];
        long left = count;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(left, buffer.length));
            if (read < 0) {
                throw new EOFException("connection closed inside a body");
            }
            if (into != null) {
                into.write(buffer, 0, read);
            }
            left -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
