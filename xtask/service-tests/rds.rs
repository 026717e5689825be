//! The generated RDS client against moto: a DB instance created, described and deleted,
//! and a modeled error for one that does not exist.

mod common;

use rds::operation::describe_db_instances::DescribeDbInstancesError;

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn db_instances_are_created_described_and_deleted() {
    let client = rds::Client::from_conf(common::config());
    let id = common::unique("orders");
    let created = client
        .create_db_instance()
        .db_instance_identifier(&id)
        .db_instance_class("db.t3.micro")
        .engine("postgres")
        .allocated_storage(20)
        .master_username("admin")
        .master_user_password("example-password")
        .send()
        .await
        .expect("CreateDBInstance");
    let instance = created.db_instance.expect("the new instance");
    assert_eq!(instance.db_instance_identifier.as_deref(), Some(id.as_str()));
    assert_eq!((instance.engine.as_deref(), instance.allocated_storage), (Some("postgres"), Some(20)));

    let described =
        client.describe_db_instances().db_instance_identifier(&id).send().await.expect("DescribeDBInstances");
    let instances = described.db_instances.unwrap_or_default();
    assert_eq!(instances.len(), 1);
    assert_eq!(instances[0].db_instance_class.as_deref(), Some("db.t3.micro"));
    assert!(instances[0].endpoint.as_ref().is_some_and(|e| e.port.is_some()), "{:?}", instances[0].endpoint);

    client
        .delete_db_instance()
        .db_instance_identifier(&id)
        .skip_final_snapshot(true)
        .send()
        .await
        .expect("DeleteDBInstance");
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn a_missing_instance_is_the_modeled_not_found_fault() {
    let client = rds::Client::from_conf(common::config());
    let err = client
        .describe_db_instances()
        .db_instance_identifier(common::unique("nowhere"))
        .send()
        .await
        .expect_err("no such instance");
    assert!(matches!(err.into_service_error(), DescribeDbInstancesError::DbInstanceNotFoundFault(_)));
}
