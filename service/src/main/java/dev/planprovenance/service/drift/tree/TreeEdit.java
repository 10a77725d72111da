package dev.planprovenance.service.drift.tree;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One operator-level difference. {@code op} is the operator the edit is about (the {@code to} side's, or the
 * {@code from} side's for REMOVED); {@code fromPath}/{@code toPath} locate it in each tree (null on the side where it
 * does not exist). A removed or added subtree is one edit at its root; {@code changes} then lists the root's props.
 */
public record TreeEdit(Kind kind, String op, String fromOp, String toOp, String fromPath, String toPath,
        List<PropertyChange> changes) {

    public enum Kind {
        /** Only in {@code to}. */
        ADDED,
        /** Only in {@code from}. */
        REMOVED,
        /** A subtree with identical content at a different position (or reordered among its siblings). */
        MOVED,
        /** Aligned operator whose op changed; its children stay aligned. */
        REPLACED,
        /** Aligned operator, same op, props differ. */
        CHANGED
    }

    public TreeEdit {
        changes = List.copyOf(changes);
    }

    /** A one-line summary for people, e.g. {@code HashJoinExec mode Partitioned → CollectLeft}. */
    public String describe() {
        String parent = parentOp();
        String where = parent == null ? " at root" : " under " + parent;
        return switch (kind) {
            case ADDED -> "added " + op + where;
            case REMOVED -> "removed " + op + where;
            case MOVED -> "moved " + op + " from " + fromPath + " to " + toPath;
            case REPLACED -> fromOp + " replaced by " + toOp;
            case CHANGED -> op + " " + changes.stream().map(PropertyChange::describe).collect(Collectors.joining(", "));
        };
    }

    /** The op of the parent, on the {@code to} side when there is one; null for the root. */
    public String parentOp() {
        String path = toPath != null ? toPath : fromPath;
        if (path == null) return null;
        String[] segments = path.split("/");
        if (segments.length < 2) return null;
        String parent = segments[segments.length - 2];
        int bracket = parent.indexOf('[');
        return bracket < 0 ? parent : parent.substring(0, bracket);
    }
}
