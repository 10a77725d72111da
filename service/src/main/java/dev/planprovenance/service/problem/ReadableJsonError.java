package dev.planprovenance.service.problem;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with an unreadable body in the client's terms (JSON paths, line and column) rather than
 * Jackson's message, which names Java classes of the service.
 */
final class ReadableJsonError {
    private ReadableJsonError() {}

    static String describe(HttpMessageNotReadableException e) {
        JacksonException jackson = find(e);
        if (jackson == null) return "The request body is missing or unreadable.";
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'" + at(jackson) + ".";
        }
        if (jackson instanceof StreamReadException && jackson.getLocation() != null) {
            return "Malformed JSON at line " + jackson.getLocation().getLineNr()
                    + ", column " + jackson.getLocation().getColumnNr() + ".";
        }
        String path = path(jackson);
        return path.isEmpty() ? "The request body does not match the expected shape."
                : "Invalid value at '" + path + "'.";
    }

    private static String at(JacksonException e) {
        String path = path(e);
        int lastDot = Math.max(path.lastIndexOf('.'), -1);
        return lastDot > 0 ? " in '" + path.substring(0, lastDot) + "'" : "";
    }

    /** The JSON path of the failing value, e.g. {@code tables[0].format}. */
    static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static JacksonException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) return jackson;
            if (t.getCause() == t) break;
        }
        return null;
    }
}
