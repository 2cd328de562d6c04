package io.rolegate.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Query parameters and result members in CloudTrail's shape: camelCase names, {@code X.member.N.Y} flattened lists
 * as JSON arrays of objects (as CloudTrail shows {@code tags: [{key, value}]}), timestamps as AWS text.
 */
final class AuditShapes {
    private AuditShapes() {
    }

    static Map<String, Object> parameters(Params params) {
        if (params == null) {
            return null;
        }
        Map<String, Object> root = new LinkedHashMap<>();
        params.asMap().forEach((name, value) -> {
            if (name.equals("Action") || name.equals("Version") || name.startsWith("X-Amz-")) {
                return;
            }
            put(root, name.split("\\."), 0, value);
        });
        return root.isEmpty() ? null : lists(root);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] path, int i, String value) {
        String key = path[i];
        boolean member = (key.equals("member") || key.equals("entry")) && i + 1 < path.length;
        if (member) {
            i++;
            key = path[i];
        }
        String name = isIndex(key) ? key : camel(key);
        if (i == path.length - 1) {
            node.put(name, value);
            return;
        }
        Object child = node.get(name);
        if (!(child instanceof Map)) {
            child = isIndex(path[i + 1]) || path[i + 1].equals("member") || path[i + 1].equals("entry")
                    ? new TreeMap<String, Object>((a, b) -> Integer.compare(index(a), index(b)))
                    : new LinkedHashMap<String, Object>();
            node.put(name, child);
        }
        put((Map<String, Object>) child, path, i + 1, value);
    }

    /** Maps keyed by indices (TreeMaps) become lists in index order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lists(Map<String, Object> node) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? listOrMap((Map<String, Object>) m) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object listOrMap(Map<String, Object> m) {
        if (m instanceof TreeMap) {
            List<Object> l = new ArrayList<>();
            m.values().forEach(v -> l.add(v instanceof Map<?, ?> c ? listOrMap((Map<String, Object>) c) : v));
            return l;
        }
        return lists(m);
    }

    static Map<String, Object> elements(Result result) {
        if (result == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        result.members().forEach((k, v) -> out.put(camel(k), element(v)));
        return out;
    }

    private static Object element(Object v) {
        if (v instanceof Result r) {
            return elements(r);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(element(x)));
            return out;
        }
        if (v instanceof Map<?, ?> || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return Result.format(v);
    }

    static String camel(String name) {
        if (name.isEmpty() || Character.isLowerCase(name.charAt(0))) {
            return name;
        }
        int upper = 0;
        while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
            upper++;
        }
        // "ARN" -> "aRN" is wrong; lower a leading acronym but keep the capital that starts the next word
        int cut = upper > 1 && upper < name.length() ? upper - 1 : upper;
        return name.substring(0, cut).toLowerCase(java.util.Locale.ROOT) + name.substring(cut);
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static int index(String s) {
        return isIndex(s) && s.length() < 10 ? Integer.parseInt(s) : Integer.MAX_VALUE;
    }
}
