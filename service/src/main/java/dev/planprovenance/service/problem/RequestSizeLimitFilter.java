package dev.planprovenance.service.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies (Tomcat's own limits apply to form posts only, not JSON). The cap is enforced while the body
 * is read, so a declared Content-Length over the limit and a chunked body that grows past it both fail inside the
 * JSON reader, where the problem advice turns them into a 413.
 */
@Component
public class RequestSizeLimitFilter extends OncePerRequestFilter {
    private final long limitBytes;

    public RequestSizeLimitFilter(@Value("${provenance.http.max-request-size:1MB}") DataSize limit) {
        this.limitBytes = limit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new LimitedRequest(request, limitBytes), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limitBytes;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long limitBytes) {
            super(request);
            this.limitBytes = limitBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (getContentLengthLong() > limitBytes) throw new PayloadTooLargeException(limitBytes);
            if (limited == null) limited = new LimitedInputStream(super.getInputStream(), limitBytes);
            return limited;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limitBytes;
        private long read;

        LimitedInputStream(ServletInputStream in, long limitBytes) {
            this.in = in;
            this.limitBytes = limitBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limitBytes) throw new PayloadTooLargeException(limitBytes);
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
