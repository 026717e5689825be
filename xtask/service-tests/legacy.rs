//! The two oldest awsQuery services against a local server on 127.0.0.1 (moto has
//! neither): SimpleDB, signed with SigV2 as its model asks, with lists flattened the way
//! its model defines them, and Import/Export, which posts to `/?Operation=..` and is
//! signed with SigV4 though its model says v2.

use sts_runtime::{Config, Credentials};
use sts_testkit::{TestServer, verify_sigv2, verify_sigv4_for};

const KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn config(server: &TestServer, token: Option<&str>) -> Config {
    Config::builder()
        .region("us-west-2")
        .endpoint_url(&server.url)
        .credentials_provider(Credentials::new(KEY, SECRET, token.map(str::to_owned), None, "test"))
        .build()
}

#[tokio::test]
async fn simpledb_signs_the_form_with_sigv2() {
    let server = TestServer::start().await;
    server.respond(
        200,
        "<ListDomainsResponse xmlns=\"http://sdb.amazonaws.com/doc/2009-04-15/\"><ListDomainsResult>\
         <DomainName>orders</DomainName><DomainName>users</DomainName></ListDomainsResult>\
         <ResponseMetadata><RequestId>r-1</RequestId><BoxUsage>0.0000071759</BoxUsage></ResponseMetadata>\
         </ListDomainsResponse>",
    );
    let client = simpledb::Client::from_conf(config(&server, Some("session-token")));
    let out = client.list_domains().max_number_of_domains(10).send().await.expect("ListDomains");
    assert_eq!(out.domain_names, Some(vec!["orders".to_owned(), "users".to_owned()]));

    let request = server.single_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/"));
    assert!(request.header("authorization").is_none(), "SigV2 signs the form, not the headers");
    let form = request.form();
    let get = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(
        (get("Action"), get("Version"), get("MaxNumberOfDomains")),
        (Some("ListDomains"), Some("2009-04-15"), Some("10"))
    );
    assert_eq!(get("SecurityToken"), Some("session-token"));
    let host = server.url.trim_start_matches("http://");
    verify_sigv2(&request, host, KEY, SECRET);
}

#[tokio::test]
async fn simpledb_lists_are_named_by_their_members() {
    let server = TestServer::start().await;
    server.respond(200, "<PutAttributesResponse><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></PutAttributesResponse>");
    server.respond(
        200,
        "<GetAttributesResponse><GetAttributesResult>\
         <Attribute><Name>colour</Name><Value>blue</Value></Attribute>\
         <Attribute><Name>size</Name><Value>L</Value></Attribute>\
         </GetAttributesResult></GetAttributesResponse>",
    );
    let client = simpledb::Client::from_conf(config(&server, None));
    let attribute = |name: &str, value: &str| {
        simpledb::types::ReplaceableAttribute::builder()
            .name(name)
            .value(value)
            .replace(true)
            .build()
            .expect("attribute")
    };
    client
        .put_attributes()
        .domain_name("orders")
        .item_name("o-1")
        .attributes(attribute("colour", "blue"))
        .attributes(attribute("size", "L"))
        .send()
        .await
        .expect("PutAttributes");
    let got = client.get_attributes().domain_name("orders").item_name("o-1").send().await.expect("GetAttributes");
    let pairs: Vec<(String, String)> =
        got.attributes.unwrap_or_default().into_iter().map(|a| (a.name, a.value)).collect();
    assert_eq!(pairs, [("colour".to_owned(), "blue".to_owned()), ("size".to_owned(), "L".to_owned())]);

    let form = server.requests()[0].form();
    let get = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(
        (get("Attribute.1.Name"), get("Attribute.1.Value"), get("Attribute.1.Replace")),
        (Some("colour"), Some("blue"), Some("true"))
    );
    assert_eq!((get("Attribute.2.Name"), get("Attribute.2.Value")), (Some("size"), Some("L")));
    assert!(form.iter().all(|(n, _)| !n.starts_with("Attributes")), "{form:?}");
}

#[tokio::test]
async fn import_export_posts_to_its_request_uri_signed_with_sigv4() {
    let server = TestServer::start().await;
    server.respond(
        200,
        "<ListJobsResponse xmlns=\"http://importexport.amazonaws.com/doc/2010-06-01/\"><ListJobsResult><Jobs>\
         <member><JobType>Import</JobType><CreationDate>2010-04-21T22:21:51Z</CreationDate>\
         <IsCanceled>false</IsCanceled><JobId>ADP7B</JobId></member></Jobs><IsTruncated>true</IsTruncated>\
         </ListJobsResult><ResponseMetadata><RequestId>cc6ea8c</RequestId></ResponseMetadata></ListJobsResponse>",
    );
    server.respond(
        400,
        "<ErrorResponse xmlns=\"http://importexport.amazonaws.com/doc/2010-06-01/\"><Error><Type>Sender</Type>\
         <Code>InvalidJobIdException</Code><Message>No such job foobar for your account</Message></Error>\
         <RequestId>83281264</RequestId></ErrorResponse>",
    );
    let client = importexport::Client::from_conf(config(&server, None));
    let out = client.list_jobs().send().await.expect("ListJobs");
    let jobs = out.jobs.unwrap_or_default();
    assert_eq!((jobs.len(), jobs[0].job_id.as_deref(), out.is_truncated), (1, Some("ADP7B"), Some(true)));
    let err = client.get_status().job_id("foobar").send().await.expect_err("no such job");
    assert!(
        matches!(
            err.as_service_error(),
            Some(importexport::operation::get_status::GetStatusError::InvalidJobIdException(_))
        ),
        "{err:?}"
    );

    let requests = server.requests();
    assert_eq!(requests[0].path, "/?Operation=ListJobs");
    assert_eq!(requests[1].path, "/?Operation=GetStatus");
    assert!(requests[0].form().contains(&("Action".to_owned(), "ListJobs".to_owned())));
    for request in &requests {
        verify_sigv4_for(request, "importexport", KEY, SECRET, "us-west-2");
    }
}
