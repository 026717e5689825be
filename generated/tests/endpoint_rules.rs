//! The official endpoint-resolution cases (`model/tests/endpoint-tests-1.json`, from
//! the botocore release `model/README.md` names): all 69 through the generated resolver, and the cases that give
//! built-ins through a client config as well.

use serde_json::Value;
use sts::Config;
use sts::endpoint::{EndpointError, Params, resolve};

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../model/tests/endpoint-tests-1.json"))
        .expect("endpoint tests");
    let document: Value = serde_json::from_str(&text).expect("JSON");
    document["testCases"].as_array().expect("testCases").clone()
}

fn params(case: &Value) -> Params<'_> {
    let p = &case["params"];
    Params {
        region: p["Region"].as_str(),
        endpoint: p["Endpoint"].as_str(),
        use_fips: p["UseFIPS"].as_bool().unwrap_or(false),
        use_dual_stack: p["UseDualStack"].as_bool().unwrap_or(false),
        use_global_endpoint: p["UseGlobalEndpoint"].as_bool().unwrap_or(false),
    }
}

/// `None` when the outcome is the expected one, else what differs.
fn check(case: &Value, outcome: Result<sts::endpoint::Endpoint, EndpointError>) -> Option<String> {
    let expect = &case["expect"];
    match (outcome, expect["endpoint"].is_object()) {
        (Ok(endpoint), true) => {
            let want = &expect["endpoint"];
            let scheme = &want["properties"]["authSchemes"][0];
            let mut problems = Vec::new();
            if Some(endpoint.url.as_str()) != want["url"].as_str() {
                problems.push(format!("url {} instead of {}", endpoint.url, want["url"]));
            }
            if let Some(region) = scheme["signingRegion"].as_str()
                && endpoint.signing_region.as_deref() != Some(region)
            {
                problems.push(format!("signing region {:?} instead of {region}", endpoint.signing_region));
            }
            if let Some(name) = scheme["signingName"].as_str()
                && endpoint.signing_name.as_deref() != Some(name)
            {
                problems.push(format!("signing name {:?} instead of {name}", endpoint.signing_name));
            }
            (!problems.is_empty()).then(|| problems.join(", "))
        }
        (Err(EndpointError::Rules(message)), false) if Some(message.as_str()) == expect["error"].as_str() => None,
        (outcome, _) => Some(format!("got {outcome:?}, expected {expect}")),
    }
}

#[test]
fn all_official_endpoint_cases_resolve_as_expected() {
    let cases = cases();
    assert_eq!(cases.len(), 69);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| check(case, resolve(&params(case))).map(|why| format!("{}: {why}", case["documentation"])))
        .collect();
    assert!(failures.is_empty(), "{} of 69 cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn built_in_parameters_come_from_the_client_config() {
    let cases: Vec<Value> = cases().into_iter().filter(|c| c.get("operationInputs").is_some()).collect();
    assert_eq!(cases.len(), 18);
    for case in &cases {
        let built_ins = &case["operationInputs"][0]["builtInParams"];
        let mut config = Config::builder();
        if let Some(region) = built_ins["AWS::Region"].as_str() {
            config = config.region(region);
        }
        if let Some(url) = built_ins["SDK::Endpoint"].as_str() {
            config = config.endpoint_url(url);
        }
        if let Some(global) = built_ins["AWS::STS::UseGlobalEndpoint"].as_bool() {
            config = config.endpoint_flag(sts::endpoint::USE_GLOBAL_ENDPOINT, global);
        }
        let config = config.build();
        let from_config = Params::from_config(&config);
        assert_eq!(from_config, params(case), "{}", case["documentation"]);
        assert_eq!(check(case, resolve(&from_config)), None, "{}", case["documentation"]);
    }
}

#[test]
fn fips_and_dual_stack_endpoints_per_partition() {
    let resolve_url = |region: &'static str, fips: bool, dual: bool| {
        resolve(&Params { region: Some(region), use_fips: fips, use_dual_stack: dual, ..Params::default() })
            .map(|e| e.url)
    };
    assert_eq!(resolve_url("eu-west-3", false, false).as_deref(), Ok("https://sts.eu-west-3.amazonaws.com"));
    assert_eq!(resolve_url("eu-west-3", true, true).as_deref(), Ok("https://sts-fips.eu-west-3.api.aws"));
    assert_eq!(resolve_url("cn-north-1", false, false).as_deref(), Ok("https://sts.cn-north-1.amazonaws.com.cn"));
    assert_eq!(resolve_url("us-gov-west-1", true, false).as_deref(), Ok("https://sts.us-gov-west-1.amazonaws.com"));
    assert_eq!(resolve_url("us-iso-east-1", false, false).as_deref(), Ok("https://sts.us-iso-east-1.c2s.ic.gov"));
    // A region no partition lists but whose shape matches a partition's regex.
    assert_eq!(resolve_url("us-isob-west-9", false, false).as_deref(), Ok("https://sts.us-isob-west-9.sc2s.sgov.gov"));
}
