//! The API change report: each kind of change, classified and named as users see it.

use serde_json::{Value, json};
use sts_codegen::api_diff::{ApiDiff, diff};

/// A small awsQuery model: one operation with an input, an output, a shared type, an enum
/// and an error.
fn base() -> Value {
    json!({
        "version": "2.0",
        "metadata": {"apiVersion": "2020-01-01", "protocol": "query", "endpointPrefix": "x", "serviceFullName": "X"},
        "operations": {
            "PutThing": {
                "name": "PutThing",
                "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "PutThingRequest"},
                "output": {"shape": "PutThingResponse", "resultWrapper": "PutThingResult"},
                "errors": [{"shape": "ThingExists"}]
            }
        },
        "shapes": {
            "PutThingRequest": {
                "type": "structure",
                "required": ["Name"],
                "members": {
                    "Name": {"shape": "NameType"},
                    "Count": {"shape": "CountType"},
                    "Tags": {"shape": "TagList"},
                    "Color": {"shape": "Color"}
                }
            },
            "PutThingResponse": {"type": "structure", "members": {"Id": {"shape": "String"}}},
            "TagList": {"type": "list", "member": {"shape": "Tag"}, "max": 10},
            "Tag": {"type": "structure", "members": {"Key": {"shape": "String"}, "Value": {"shape": "String"}}},
            "NameType": {"type": "string", "min": 1, "max": 64},
            "CountType": {"type": "integer", "min": 1, "max": 100},
            "Color": {"type": "string", "enum": ["red", "green"]},
            "String": {"type": "string"},
            "ThingExists": {
                "type": "structure",
                "members": {"message": {"shape": "String"}},
                "error": {"code": "ThingExists", "httpStatusCode": 409},
                "exception": true
            }
        }
    })
}

fn changes(edit: impl FnOnce(&mut Value)) -> ApiDiff {
    let old = base();
    let mut new = base();
    edit(&mut new);
    diff(&old.to_string(), &new.to_string()).expect("both models lower")
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

#[test]
fn the_same_model_has_no_changes() {
    let report = changes(|_| {});
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(report.to_string(), "No API changes.\n");
    let sts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../model/service-2.json")).expect("model");
    assert!(diff(&sts, &sts).expect("diff").is_empty());
}

#[test]
fn additions_are_not_breaking() {
    let report = changes(|m| {
        m["operations"]["GetThing"] = json!({
            "name": "GetThing", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "GetThingRequest"}
        });
        m["shapes"]["GetThingRequest"] = json!({"type": "structure", "members": {}});
        m["shapes"]["PutThingRequest"]["members"]["Note"] = json!({"shape": "String"});
        m["shapes"]["PutThingResponse"]["members"]["Secret"] = json!({"shape": "SecretType"});
        m["shapes"]["SecretType"] = json!({"type": "string", "sensitive": true});
        m["shapes"]["Color"]["enum"] = json!(["red", "green", "blue"]);
        m["shapes"]["Busy"] = json!({
            "type": "structure", "members": {}, "error": {"code": "Busy"}, "exception": true
        });
        m["operations"]["PutThing"]["errors"] = json!([{"shape": "ThingExists"}, {"shape": "Busy"}]);
    });
    assert!(report.breaking.is_empty(), "{:?}", report.breaking);
    for expected in [
        "added operation GetThing: `Client::get_thing`",
        "added member `PutThingInput::note` (Note): `String`",
        "added member `PutThingOutput::secret` (Secret): `String`, sensitive",
        "added `Color::Blue` (`blue`)",
        "added error `PutThingError::Busy` (code `Busy`)",
        "added type `types::error::Busy`",
    ] {
        assert!(has(&report.other, expected), "missing `{expected}` in {:#?}", report.other);
    }
}

#[test]
fn removals_type_changes_and_new_required_inputs_are_breaking() {
    let report = changes(|m| {
        let request = &mut m["shapes"]["PutThingRequest"];
        request["members"].as_object_mut().expect("members").remove("Color");
        request["members"]["Count"] = json!({"shape": "String"});
        request["members"]["Owner"] = json!({"shape": "String"});
        request["required"] = json!(["Name", "Owner", "Count"]);
        m["shapes"]["Color"]["enum"] = json!(["red"]);
        m["shapes"]["PutThingResponse"]["members"]["Color"] = json!({"shape": "Color"});
        m["operations"]["PutThing"]["errors"] = json!([]);
    });
    for expected in [
        "removed member `PutThingInput::color` (Color)",
        "`PutThingInput::count` changed type from `i32` to `String`",
        "`PutThingInput::count` became required",
        "added required member `PutThingInput::owner` (Owner)",
        "removed `Color::Green` (`green`)",
        "`PutThingError::ThingExists` (code `ThingExists`) removed: PutThing no longer lists it",
    ] {
        assert!(has(&report.breaking, expected), "missing `{expected}` in {:#?}", report.breaking);
    }
    assert!(!has(&report.breaking, "PutThingOutput::color"), "an added output member is not breaking");
    let text = report.to_string();
    let breaking = text.find("Breaking changes (").expect("breaking section");
    let other = text.find("Additions and other changes").expect("other section");
    assert!(breaking < other, "breaking changes come first:\n{text}");
}

#[test]
fn tighter_limits_on_sent_values_are_breaking_looser_ones_are_not() {
    let report = changes(|m| {
        m["shapes"]["NameType"]["max"] = json!(32);
        m["shapes"]["CountType"]["min"] = json!(0);
        m["shapes"]["TagList"]["max"] = json!(50);
    });
    assert_eq!(report.breaking.len(), 1, "{report:#?}");
    assert!(has(&report.breaking, "`PutThingInput::name`: maximum length 64 -> 32"), "{report:#?}");
    assert!(has(&report.other, "`PutThingInput::count`: minimum value 1 -> 0"), "{report:#?}");
    assert!(has(&report.other, "`PutThingInput::tags`: maximum entries 10 -> 50"), "{report:#?}");

    let pattern = changes(|m| m["shapes"]["NameType"]["pattern"] = json!("[a-z]+"));
    assert!(has(&pattern.breaking, "pattern none -> `[a-z]+`"), "{pattern:#?}");
}

#[test]
fn sensitivity_required_outputs_and_docs_are_reported() {
    let report = changes(|m| {
        m["shapes"]["Tag"]["sensitive"] = json!(true);
        m["shapes"]["PutThingResponse"]["required"] = json!(["Id"]);
        m["shapes"]["PutThingResponse"]["documentation"] = json!("<p>What PutThing returns.</p>");
    });
    assert!(has(&report.other, "`Tag::key` is now sensitive"), "{report:#?}");
    assert!(has(&report.other, "`Tag::value` is now sensitive"), "{report:#?}");
    assert!(has(&report.breaking, "`PutThingOutput::id` became required"), "{report:#?}");
    assert_eq!(report.docs_changed, 1);
    assert!(report.to_string().contains("Documentation changed on 1 items."));
}

#[test]
fn a_model_the_generator_refuses_is_an_error() {
    let mut broken = base();
    broken["metadata"]["protocol"] = json!("json");
    let err = diff(&base().to_string(), &broken.to_string()).expect_err("json protocol");
    assert!(err.to_string().contains("protocol `json`"), "{err}");
    assert!(diff("{", &base().to_string()).is_err());
}
