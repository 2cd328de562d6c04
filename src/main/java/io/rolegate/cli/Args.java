package io.rolegate.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command line: the words before the first option ({@code master-key rotate}), then {@code --name value} and flags. */
final class Args {
    private final List<String> words = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    Args(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.startsWith("--")) {
                String name = s.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    options.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    options.put(name, args.get(++i));
                } else {
                    options.put(name, "true");
                }
            } else if (options.isEmpty()) {
                words.add(s);
            } else {
                throw new UsageException("unexpected argument " + s);
            }
        }
    }

    /** The command's words joined by a space ("master-key rotate"). */
    String command() {
        return String.join(" ", words);
    }

    Optional<String> option(String name) {
        used.add(name);
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    boolean flag(String name) {
        return option(name).map(v -> !v.equals("false")).orElse(false);
    }

    long number(String name, long otherwise) {
        String v = option(name).orElse(null);
        try {
            return v == null ? otherwise : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got " + v);
        }
    }

    /** Fails on options the command did not read: a misspelt option must not be silently ignored. */
    void noOthers() {
        for (String name : options.keySet()) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name + " for " + command());
            }
        }
    }

    /** A wrong command line: its message and the usage are printed, exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
