//! The generated IAM client against moto: users created, read, listed and deleted, and a
//! modeled error for a user that does not exist.

mod common;

use iam::operation::get_user::GetUserError;
use iam::types::Tag;

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn users_are_created_read_listed_and_deleted() {
    let client = iam::Client::from_conf(common::config());
    let name = common::unique("alice");
    let tag = Tag::builder().key("team").value("platform").build().expect("a tag");
    let created =
        client.create_user().user_name(&name).path("/engineering/").tags(tag).send().await.expect("CreateUser");
    let user = created.user.expect("the new user");
    assert_eq!((user.user_name.as_str(), user.path.as_str()), (name.as_str(), "/engineering/"));
    assert!(user.arn.ends_with(&format!(":user/engineering/{name}")), "{}", user.arn);

    let got = client.get_user().user_name(&name).send().await.expect("GetUser").user;
    assert_eq!((got.user_id.as_str(), got.arn.as_str()), (user.user_id.as_str(), user.arn.as_str()));
    let tags: Vec<(String, String)> = got.tags.unwrap_or_default().into_iter().map(|t| (t.key, t.value)).collect();
    assert_eq!(tags, [("team".to_owned(), "platform".to_owned())]);

    let listed = client.list_users().path_prefix("/engineering/").send().await.expect("ListUsers");
    assert!(listed.users.iter().any(|u| u.user_name == name), "{name} not in {:?}", listed.users);

    client.delete_user().user_name(&name).send().await.expect("DeleteUser");
    let listed = client.list_users().send().await.expect("ListUsers");
    assert!(!listed.users.iter().any(|u| u.user_name == name), "{name} is still listed");
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn a_missing_user_is_the_modeled_no_such_entity_error() {
    let client = iam::Client::from_conf(common::config());
    let err = client.get_user().user_name(common::unique("nobody")).send().await.expect_err("no such user");
    assert!(err.to_string().contains("NoSuchEntity"), "{err}");
    match err.into_service_error() {
        GetUserError::NoSuchEntityException(e) => assert!(e.message().is_some_and(|m| m.contains("nobody"))),
        other => panic!("expected NoSuchEntityException, got {other:?}"),
    }
}
