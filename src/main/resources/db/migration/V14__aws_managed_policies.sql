-- AWS managed policies (arn:aws:iam::aws:policy/...): read-only rows owned by the reserved account 'aws', attachable
-- by every account. Documents as AWS publishes them (default version only), except ReadOnlyAccess: AWS's lists the
-- read verbs of every AWS service; ours names those of the services Rolegate serves (README: AWS managed policies).
-- A later change of a document is a new migration adding a version and moving default_version, as AWS does.
INSERT INTO accounts (account_id, alias, created_at) VALUES ('aws', NULL, 0);

INSERT INTO managed_policies (policy_id, account_id, arn, policy_name, path, description, default_version, next_version, created_at, updated_at)
    VALUES ('ANPA7DGN6RFCLYKO4XN2S', 'aws', 'arn:aws:iam::aws:policy/AdministratorAccess', 'AdministratorAccess', '/', 'Provides full access to AWS services and resources.', 'v1', 2, 1423247986000, 1423247986000);
INSERT INTO policy_versions (policy_id, version_id, document, created_at)
    VALUES ('ANPA7DGN6RFCLYKO4XN2S', 'v1', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 1423247986000);
INSERT INTO managed_policies (policy_id, account_id, arn, policy_name, path, description, default_version, next_version, created_at, updated_at)
    VALUES ('ANPAL653FIQBDFGO6YI6B', 'aws', 'arn:aws:iam::aws:policy/IAMFullAccess', 'IAMFullAccess', '/', 'Provides full access to IAM via the AWS Management Console.', 'v2', 3, 1423248038000, 1561146000000);
INSERT INTO policy_versions (policy_id, version_id, document, created_at)
    VALUES ('ANPAL653FIQBDFGO6YI6B', 'v2', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}', 1561146000000);
INSERT INTO managed_policies (policy_id, account_id, arn, policy_name, path, description, default_version, next_version, created_at, updated_at)
    VALUES ('ANPA3FYMSR54XBDT54RWS', 'aws', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess', 'IAMReadOnlyAccess', '/', 'Provides read only access to IAM via the AWS Management Console.', 'v4', 5, 1423248039000, 1516907487000);
INSERT INTO policy_versions (policy_id, version_id, document, created_at)
    VALUES ('ANPA3FYMSR54XBDT54RWS', 'v4', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy","iam:SimulatePrincipalPolicy"],"Resource":"*"}]}', 1516907487000);
INSERT INTO managed_policies (policy_id, account_id, arn, policy_name, path, description, default_version, next_version, created_at, updated_at)
    VALUES ('ANPATG37WKS66JCZTC7FK', 'aws', 'arn:aws:iam::aws:policy/PowerUserAccess', 'PowerUserAccess', '/', 'Provides full access to AWS services and resources, but does not allow management of Users and groups.', 'v12', 13, 1423247987000, 1770919140000);
INSERT INTO policy_versions (policy_id, version_id, document, created_at)
    VALUES ('ANPATG37WKS66JCZTC7FK', 'v12', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["account:GetAccountInformation","account:GetGovCloudAccountInformation","account:GetPrimaryEmail","account:ListRegions","iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeEffectivePolicy","organizations:DescribeOrganization"],"Resource":"*"}]}', 1770919140000);
INSERT INTO managed_policies (policy_id, account_id, arn, policy_name, path, description, default_version, next_version, created_at, updated_at)
    VALUES ('ANPAZMVDMWPTD6E74BFJA', 'aws', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'ReadOnlyAccess', '/', 'Provides read-only access to AWS services and resources.', 'v1', 2, 1423247988000, 1423247988000);
INSERT INTO policy_versions (policy_id, version_id, document, created_at)
    VALUES ('ANPAZMVDMWPTD6E74BFJA', 'v1', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudtrail:Describe*","cloudtrail:Get*","cloudtrail:List*","cloudtrail:LookupEvents","iam:Generate*","iam:Get*","iam:List*","iam:Simulate*","sso:Describe*","sso:Get*","sso:List*","sts:GetAccessKeyInfo"],"Resource":"*"}]}', 1423247988000);
