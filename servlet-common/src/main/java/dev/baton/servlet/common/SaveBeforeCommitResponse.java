/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A response that saves the session before anything commits it: a redirect, an error, a flush, closing the body, the
 * declared content length being reached, or the buffer filling up. The browser may send its next request to another
 * node a millisecond after it sees the response, and that node must find this request's writes.
 */
public final class SaveBeforeCommitResponse extends HttpServletResponseWrapper {

    private final Runnable beforeCommit;
    private long contentLength = -1;
    private long written;
    private ServletOutputStream outputStream;
    private PrintWriter writer;

    /**
     * @param response the container's response
     * @param beforeCommit saves the session (and sends its ID); runs before anything that commits the response
     */
    public SaveBeforeCommitResponse(HttpServletResponse response, Runnable beforeCommit) {
        super(response);
        this.beforeCommit = beforeCommit;
    }

    private void beforeCommit() {
        beforeCommit.run();
    }

    /** Called before {@code length} more bytes are written: commits (saves) first when they would commit. */
    private void beforeWrite(long length) {
        long after = written + length;
        if ((contentLength >= 0 && after >= contentLength) || after > getBufferSize()) {
            beforeCommit();
        }
        written = after;
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void sendError(int status) throws IOException {
        beforeCommit();
        super.sendError(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        beforeCommit();
        super.sendError(status, message);
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void setContentLength(int length) {
        setContentLengthLong(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        contentLength = length;
        super.setContentLengthLong(length);
        if (length >= 0 && written >= length) {
            beforeCommit();
        }
    }

    @Override
    public void setHeader(String name, String value) {
        trackContentLength(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        trackContentLength(name, value);
        super.addHeader(name, value);
    }

    private void trackContentLength(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            try {
                contentLength = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                contentLength = -1;
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        contentLength = -1;
        written = 0;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (outputStream == null) {
            outputStream = new SavingOutputStream(super.getOutputStream());
        }
        return outputStream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            boolean singleByte = StandardCharsets.ISO_8859_1.name().equalsIgnoreCase(getCharacterEncoding())
                    || StandardCharsets.US_ASCII.name().equalsIgnoreCase(getCharacterEncoding());
            writer = new PrintWriter(new SavingWriter(super.getWriter(), singleByte ? 1 : 3));
        }
        return writer;
    }

    private final class SavingOutputStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        SavingOutputStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            beforeWrite(1);
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite(len);
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCommit();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    /** Counts characters at the charset's largest size per character, so that it saves early rather than late. */
    private final class SavingWriter extends Writer {
        private final PrintWriter delegate;
        private final int bytesPerChar;

        SavingWriter(PrintWriter delegate, int bytesPerChar) {
            this.delegate = delegate;
            this.bytesPerChar = bytesPerChar;
        }

        @Override
        public void write(char[] buffer, int off, int len) throws IOException {
            beforeWrite((long) len * bytesPerChar);
            delegate.write(buffer, off, len);
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            beforeWrite((long) len * bytesPerChar);
            delegate.write(text, off, len);
        }

        @Override
        public void write(int c) throws IOException {
            beforeWrite(bytesPerChar);
            delegate.write(c);
        }

        @Override
        public void flush() {
            beforeCommit();
            delegate.flush();
        }

        @Override
        public void close() {
            beforeCommit();
            delegate.close();
        }
    }
}
