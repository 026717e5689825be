//! The generated SNS client against moto: a topic created, published to and listed.

mod common;

use sns::types::MessageAttributeValue;

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn topics_are_created_published_to_and_listed() {
    let client = sns::Client::from_conf(common::config());
    let name = common::unique("deploys");
    let created =
        client.create_topic().name(&name).attributes("DisplayName", "Deploys").send().await.expect("CreateTopic");
    let arn = created.topic_arn.expect("a topic ARN");
    assert_eq!(arn, format!("arn:aws:sns:us-east-1:123456789012:{name}"));

    let attribute =
        MessageAttributeValue::builder().data_type("String").string_value("blue").build().expect("an attribute");
    let published = client
        .publish()
        .topic_arn(&arn)
        .subject("release")
        .message("v1.2.3 is out")
        .message_attributes("colour", attribute)
        .send()
        .await
        .expect("Publish");
    assert!(published.message_id.is_some_and(|id| !id.is_empty()));

    let listed = client.list_topics().send().await.expect("ListTopics");
    let arns: Vec<String> = listed.topics.unwrap_or_default().into_iter().filter_map(|t| t.topic_arn).collect();
    assert!(arns.contains(&arn), "{arn} not in {arns:?}");

    let got = client.get_topic_attributes().topic_arn(&arn).send().await.expect("GetTopicAttributes");
    let attributes = got.attributes.unwrap_or_default();
    assert_eq!(attributes.get("DisplayName").map(String::as_str), Some("Deploys"), "{attributes:?}");
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn publishing_to_a_missing_topic_is_the_modeled_not_found_error() {
    let client = sns::Client::from_conf(common::config());
    let arn = format!("arn:aws:sns:us-east-1:123456789012:{}", common::unique("missing"));
    let err = client.publish().topic_arn(arn).message("hello").send().await.expect_err("no such topic");
    assert!(
        matches!(err.as_service_error(), Some(sns::operation::publish::PublishError::NotFoundException(_))),
        "{err:?}"
    );
}
