package dev.planprovenance.service.drift.tree;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A plan-independent signature of a diff, to group drift across many plans (an upgrade changing 40 plans the same
 * way). Each edit becomes a shape: kind, op(s), parent op, and for CHANGED the property names, with the values only
 * when both are enum-like tokens ({@code Partitioned}, {@code LeftSemi}, booleans). Column references, predicates,
 * file counts and table names are left out, so the same operator change in different queries gives the same key.
 * {@code key} is the SHA-256 of the sorted distinct shapes; {@code description} the same shapes joined by "; ".
 */
public record EditPattern(String key, String description) {
    /** DataFusion prints its enums (join types, aggregate and partition modes) as CamelCase words. */
    private static final Pattern TOKEN = Pattern.compile("[A-Z][A-Za-z]{0,31}");

    public static EditPattern of(TreeDiff diff) {
        TreeSet<String> shapes = diff.edits().stream().map(EditPattern::shape).collect(Collectors.toCollection(TreeSet::new));
        List<String> canonical = List.copyOf(shapes);
        String key = sha256(String.join("\n", canonical));
        return new EditPattern(key, canonical.isEmpty() ? "no plan change" : String.join("; ", canonical));
    }

    static String shape(TreeEdit edit) {
        String parent = edit.parentOp();
        String where = parent == null ? " at root" : " under " + parent;
        return switch (edit.kind()) {
            case ADDED -> "added " + edit.op() + where;
            case REMOVED -> "removed " + edit.op() + where;
            case MOVED -> "moved " + edit.op() + where;
            case REPLACED -> "replaced " + edit.fromOp() + "\u2192" + edit.toOp() + where;
            case CHANGED -> "changed " + edit.op() + where + ": "
                    + edit.changes().stream().map(EditPattern::change).collect(Collectors.joining(", "));
        };
    }

    private static String change(PropertyChange change) {
        if (token(change.from()) && token(change.to())) {
            return change.property() + " " + text(change.from()) + "\u2192" + text(change.to());
        }
        return change.property();
    }

    private static boolean token(JsonNode value) {
        if (value == null || value.isNull() || value.isBoolean()) return true;
        return value.isString() && TOKEN.matcher(value.stringValue()).matches();
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "none" : value.isString() ? value.stringValue() : value.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
