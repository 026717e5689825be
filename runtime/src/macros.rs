//! The test doubles' macros (feature `test-util`), `mock!` and `mock_client!`, which
//! write rules and mocked clients as `aws-smithy-mocks` does. Macros are exported at the
//! crate's root; they live here, apart from `test_util`, because they name the operation
//! module that `test_util` itself need not know.

/// A rule for the operation of a client's method, as `aws-smithy-mocks` writes it:
/// `mock!(Client::assume_role)` is `mock::<AssumeRole>()`.
#[macro_export]
macro_rules! mock {
    ($method:expr) => {
        $crate::test_util::RuleBuilder::for_operation($crate::operation::operation_of($method))
    };
}

/// A client answering only from `rules`, as `aws-smithy-mocks` writes it:
/// `mock_client!(sts, [&rule_a, &rule_b])` uses the rules in order
/// ([`RuleMode::Sequential`](crate::test_util::RuleMode::Sequential));
/// `mock_client!(sts, RuleMode::MatchAny, [..])` takes any rule that matches; a closure after
/// the rules changes the config builder (`|config| config.region("eu-west-3")`). The first
/// argument is the crate of the client. A rule is a
/// [`RuleBuilder`](crate::test_util::RuleBuilder) (by reference, so that it still counts
/// its calls) or a built [`Rule`](crate::test_util::Rule).
#[macro_export]
macro_rules! mock_client {
    ($service:ident, $(&)?[$($rule:expr),* $(,)?] $(,)?) => {
        $crate::mock_client!($service, $crate::test_util::RuleMode::Sequential, [$($rule),*], |config| config)
    };
    ($service:ident, $mode:expr, $(&)?[$($rule:expr),* $(,)?] $(,)?) => {
        $crate::mock_client!($service, $mode, [$($rule),*], |config| config)
    };
    ($service:ident, $mode:expr, $(&)?[$($rule:expr),* $(,)?], $configure:expr $(,)?) => {{
        fn configure<F: FnOnce($service::config::Builder) -> $service::config::Builder>(f: F) -> F {
            f
        }
        let mocks = $crate::test_util::Mocks::with_mode($mode, [$($crate::test_util::ToRule::to_rule(&$rule)),*]);
        $service::Client::from_conf(configure($configure)($service::Config::builder().mocks(mocks)).build())
    }};
}
