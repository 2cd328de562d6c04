package io.rolegate.iam;

import io.rolegate.model.Account;
import io.rolegate.model.User;

/** The value of aws:PrincipalType. */
public enum PrincipalType { Account, User, AssumedRole, FederatedUser }
