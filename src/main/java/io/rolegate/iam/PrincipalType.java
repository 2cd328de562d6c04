package io.rolegate.iam;

/** The value of aws:PrincipalType. */
public enum PrincipalType { Account, User, AssumedRole, FederatedUser }
