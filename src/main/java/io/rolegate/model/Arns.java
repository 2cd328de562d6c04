package io.rolegate.model;

/** Builds the ARNs of docs/aws-behaviour.md §3.1; {@link io.rolegate.model.Arn} takes them apart. */
public final class Arns {
    private Arns() {
    }

    public static String user(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":user" + path + name;
    }

    public static String role(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":role" + path + name;
    }

    public static String group(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":group" + path + name;
    }

    public static String policy(String account, String path, String name) {
        return "arn:aws:iam::" + account + ":policy" + path + name;
    }

    public static String oidcProvider(String account, String urlWithoutScheme) {
        return "arn:aws:iam::" + account + ":oidc-provider/" + urlWithoutScheme;
    }

    public static String samlProvider(String account, String name) {
        return "arn:aws:iam::" + account + ":saml-provider/" + name;
    }

    public static String assumedRole(String account, String roleName, String sessionName) {
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    public static String federatedUser(String account, String name) {
        return "arn:aws:sts::" + account + ":federated-user/" + name;
    }

    public static String root(String account) {
        return "arn:aws:iam::" + account + ":root";
    }
}
