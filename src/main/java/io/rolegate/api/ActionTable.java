package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Every action the gateway serves, by name, with its service, its authorization resource and its handler. */
public final class ActionTable {

    public enum Service {
        STS("sts", "2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/"),
        IAM("iam", "2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/");

        public final String prefix;
        public final String version;
        public final String namespace;

        Service(String prefix, String version, String namespace) {
            this.prefix = prefix;
            this.version = version;
            this.namespace = namespace;
        }
    }

    @FunctionalInterface
    public interface Handler {
        /** Returns the result members, or null for actions whose response has no result element. */
        Result handle(ApiRequest request);
    }

    @FunctionalInterface
    public interface ResourceResolver {
        /** The ARN the action is authorized against (may look the target up). */
        String resourceArn(ApiRequest request);
    }

    /**
     * @param resource null when the handler authorizes by itself (STS actions) or the action needs no authorization
     */
    /**
     * @param fromMemory when it accepts the parameters, the action is answered from memory once the caches are warm
     *                   (no store write, no network call), so the edge may run it on the I/O thread; null: never
     */
    public record Action(Service service, String name, boolean signed, ResourceResolver resource, Handler handler,
                         Predicate<Params> fromMemory) {
        public Action(Service service, String name, boolean signed, ResourceResolver resource, Handler handler) {
            this(service, name, signed, resource, handler, null);
        }

        public boolean servedFromMemory(Params params) {
            return fromMemory != null && fromMemory.test(params);
        }

        public String iamAction() {
            return service.prefix + ":" + name;
        }
    }

    private final Map<String, Action> actions = new TreeMap<>();

    public void iam(String name, ResourceResolver resource, Handler handler) {
        add(new Action(Service.IAM, name, true, resource, handler));
    }

    public void sts(String name, Handler handler) {
        add(new Action(Service.STS, name, true, null, handler));
    }

    /** An STS action served from memory when {@code fromMemory} accepts the request's parameters (see {@link Action}). */
    public void sts(String name, Handler handler, Predicate<Params> fromMemory) {
        add(new Action(Service.STS, name, true, null, handler, fromMemory));
    }

    public void stsUnsigned(String name, Handler handler) {
        add(new Action(Service.STS, name, false, null, handler));
    }

    private void add(Action a) {
        if (actions.putIfAbsent(a.name(), a) != null) {
            throw new IllegalStateException("Action registered twice: " + a.name());
        }
    }

    public Action find(String name, String version) {
        if (name == null || name.isEmpty()) {
            throw new AwsException(ErrorCode.MissingAction);
        }
        Action a = actions.get(name);
        if (a == null) {
            throw new AwsException(ErrorCode.InvalidAction,
                    "Could not find operation " + name + " for version " + (version == null ? "NO_VERSION_SPECIFIED" : version));
        }
        return a;
    }

    public Action peek(String name) {
        return name == null ? null : actions.get(name);
    }

    /** Every registered action by name (tests check that each one has a row in their tables). */
    public Map<String, Action> all() {
        return Map.copyOf(actions);
    }
}
