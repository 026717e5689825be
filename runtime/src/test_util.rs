//! Test doubles for the tests of code that calls a service (feature `test-util`).
//!
//! - [`Mocks`], at the operation level: rules made with [`mock`] match a call's typed input
//!   and answer with an output built with the output builders, or with a modeled error, in
//!   sequence or repeating; each counts its calls. A config given them
//!   ([`ConfigBuilder::mocks`](crate::config::ConfigBuilder::mocks)) sends nothing: a call is
//!   checked against the model as always, then answered by a rule, as the [`RuleMode`]
//!   says. Tests written for `aws-smithy-mocks` read the same with [`mock!`](crate::mock)
//!   and [`mock_client!`](crate::mock_client) from here (replies are outputs and modeled
//!   errors; there are no HTTP-level replies).
//! - [`ReplayClient`], at the wire level: an [`HttpClient`] answering canned responses in
//!   order and recording each request, with its form body decoded, for asserts.

use std::any::Any;
use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::aws_query::Operation;
use crate::boxed::BoxFuture;
use crate::error::{ConstructionError, RawResponse, SdkError, ServiceError};
use crate::transport::{HttpClient, HttpError, HttpErrorKind, HttpRequest, HttpResponse};

type Answer = Result<Box<dyn Any + Send>, Box<dyn Any + Send>>;
type Reply = Arc<dyn Fn() -> Answer + Send + Sync>;
type Matcher = Arc<dyn Fn(&dyn Any) -> bool + Send + Sync>;

/// A rule for operation `O`, to be finished with its replies: `mock::<AssumeRole>()`.
pub fn mock<O: Operation>() -> RuleBuilder<O> {
    RuleBuilder { matcher: None, replies: Vec::new(), repeat: false, calls: Arc::default(), operation: PhantomData }
}

/// Builds a [`Rule`] for operation `O`. The builder counts the calls of every rule built
/// from it, so it can stand for the rule in tests (as `aws-smithy-mocks`' rules do).
pub struct RuleBuilder<O> {
    matcher: Option<Matcher>,
    replies: Vec<Reply>,
    repeat: bool,
    calls: Arc<AtomicUsize>,
    operation: PhantomData<fn() -> O>,
}

impl<O: Operation> RuleBuilder<O>
where
    O::Output: Send,
    O::Error: Send,
{
    /// A rule for operation `O`, named by a marker: what [`mock!`](crate::mock) expands to,
    /// with the marker [`operation_of`](crate::operation::operation_of) reads from a
    /// client's method.
    pub fn for_operation(_operation: PhantomData<fn() -> O>) -> Self {
        mock::<O>()
    }

    /// Answers only calls whose input `matches` (by default, every call of `O`).
    pub fn match_requests(mut self, matches: impl Fn(&O::Input) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(move |input| input.downcast_ref::<O::Input>().is_some_and(&matches)));
        self
    }

    /// The builder itself, where `aws-smithy-mocks` starts a sequence of replies: here
    /// every rule answers with its replies in order.
    pub fn sequence(self) -> Self {
        self
    }

    /// The same as [`then_output`](Self::then_output), in a sequence.
    pub fn output(self, output: impl Fn() -> O::Output + Send + Sync + 'static) -> Self {
        self.then_output(output)
    }

    /// The same as [`then_error`](Self::then_error), in a sequence.
    pub fn error(self, error: impl Fn() -> O::Error + Send + Sync + 'static) -> Self {
        self.then_error(error)
    }

    /// Gives the last reply `times` times in all (`0` takes it back).
    pub fn times(mut self, times: usize) -> Self {
        if let Some(last) = self.replies.pop() {
            self.replies.extend(std::iter::repeat_n(last, times));
        }
        self
    }

    /// Answers the next matching call with `output()`.
    pub fn then_output(mut self, output: impl Fn() -> O::Output + Send + Sync + 'static) -> Self {
        self.replies.push(Arc::new(move || Ok(Box::new(output()) as Box<dyn Any + Send>)));
        self
    }

    /// Answers the next matching call with the service error `error()` (HTTP 400).
    pub fn then_error(mut self, error: impl Fn() -> O::Error + Send + Sync + 'static) -> Self {
        self.replies.push(Arc::new(move || Err(Box::new(error()) as Box<dyn Any + Send>)));
        self
    }

    /// Answers every matching call after the others with the last reply, for good.
    pub fn repeatedly(mut self) -> Self {
        self.repeat = true;
        self
    }

    /// The rule, shared: keep a clone to count its calls.
    pub fn build(self) -> Arc<Rule> {
        self.to_rule()
    }
}

impl<O: Operation> RuleBuilder<O> {
    /// How many calls the rules built from this builder answered.
    pub fn num_calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// What [`mock_client!`](crate::mock_client) takes as a rule: a [`RuleBuilder`], which
/// makes a rule whose calls it counts, or a built [`Rule`].
pub trait ToRule {
    /// The rule, for a [`Mocks`].
    fn to_rule(&self) -> Arc<Rule>;
}

impl<O: Operation> ToRule for RuleBuilder<O> {
    fn to_rule(&self) -> Arc<Rule> {
        Arc::new(Rule {
            operation: O::NAME,
            matcher: self.matcher.clone(),
            replies: Mutex::new(self.replies.iter().cloned().collect()),
            repeat: self.repeat,
            last: Mutex::new(None),
            calls: Arc::clone(&self.calls),
        })
    }
}

impl ToRule for Arc<Rule> {
    fn to_rule(&self) -> Arc<Rule> {
        Arc::clone(self)
    }
}

impl<T: ToRule + ?Sized> ToRule for &T {
    fn to_rule(&self) -> Arc<Rule> {
        (**self).to_rule()
    }
}

impl<O: Operation> fmt::Debug for RuleBuilder<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleBuilder")
            .field("operation", &O::NAME)
            .field("replies", &self.replies.len())
            .field("repeat", &self.repeat)
            .finish_non_exhaustive()
    }
}

/// A rule: which calls of which operation it answers, with what, and how often it did.
pub struct Rule {
    operation: &'static str,
    matcher: Option<Matcher>,
    replies: Mutex<VecDeque<Reply>>,
    repeat: bool,
    last: Mutex<Option<Reply>>,
    calls: Arc<AtomicUsize>,
}

impl Rule {
    /// How many calls it answered.
    pub fn num_calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Panics, naming the operation, unless the rule answered exactly `expected` calls.
    #[track_caller]
    pub fn assert_num_calls(&self, expected: usize) {
        let calls = self.num_calls();
        assert_eq!(calls, expected, "the mock rule for {} answered {calls} calls, not {expected}", self.operation);
    }

    /// Whether the rule takes a call of `operation` with `input`.
    fn matches(&self, operation: &str, input: &dyn Any) -> bool {
        operation == self.operation && self.matcher.as_ref().is_none_or(|m| m(input))
    }

    /// Whether the rule has no reply left.
    pub fn is_exhausted(&self) -> bool {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        self.replies.lock().unwrap_or_else(PoisonError::into_inner).is_empty() && !(self.repeat && last.is_some())
    }

    /// The next reply, counted, unless the rule has none left.
    fn next_reply(&self) -> Option<Reply> {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let reply = match self.replies.lock().unwrap_or_else(PoisonError::into_inner).pop_front() {
            Some(reply) => {
                *last = Some(reply.clone());
                reply
            }
            None if self.repeat => last.clone()?,
            None => return None,
        };
        self.calls.fetch_add(1, Ordering::SeqCst);
        Some(reply)
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("operation", &self.operation).field("calls", &self.num_calls()).finish()
    }
}

/// How a [`Mocks`] picks the rule that answers a call (as `aws-smithy-mocks`' modes do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuleMode {
    /// The rules answer in their order: a call goes to the first rule that has replies
    /// left, and fails if that rule does not match it.
    Sequential,
    /// A call goes to the first rule that matches it and has a reply left.
    #[default]
    MatchAny,
}

/// The rules a mocked client answers from, as its [`RuleMode`] says.
#[derive(Debug, Clone, Default)]
pub struct Mocks {
    rules: Vec<Arc<Rule>>,
    mode: RuleMode,
}

impl Mocks {
    /// Rules tried in this order, the first that matches a call and has a reply left
    /// answering it ([`RuleMode::MatchAny`]).
    pub fn new(rules: impl IntoIterator<Item = Arc<Rule>>) -> Self {
        Self::with_mode(RuleMode::MatchAny, rules)
    }

    /// Rules used as `mode` says.
    pub fn with_mode(mode: RuleMode, rules: impl IntoIterator<Item = Arc<Rule>>) -> Self {
        Self { rules: rules.into_iter().collect(), mode }
    }

    /// The answer to operation `O` called with `input`: a rule's reply, or an error saying
    /// that no rule answers the call (nothing is ever sent).
    pub(crate) fn answer<O: Operation>(&self, input: &O::Input) -> Result<O::Output, SdkError<O::Error>> {
        let refuse = |why: String| Err(SdkError::ConstructionFailure(ConstructionError::boxed(O::NAME, why.into())));
        let reply = match self.mode {
            RuleMode::MatchAny => {
                self.rules.iter().filter(|rule| rule.matches(O::NAME, input)).find_map(|rule| rule.next_reply())
            }
            RuleMode::Sequential => match self.rules.iter().find(|rule| !rule.is_exhausted()) {
                Some(rule) if !rule.matches(O::NAME, input) => {
                    return refuse(format!(
                        "the mock rules answer in order, and the next one (for {}) does not match this {} call",
                        rule.operation,
                        O::NAME
                    ));
                }
                Some(rule) => rule.next_reply(),
                None => None,
            },
        };
        let Some(reply) = reply else {
            return refuse(format!("no mock rule answers this {} call (all rules used up or none matches)", O::NAME));
        };
        let mismatch =
            || SdkError::ConstructionFailure(ConstructionError::boxed(O::NAME, "a mock rule of another type".into()));
        match reply() {
            Ok(output) => output.downcast::<O::Output>().map(|o| *o).map_err(|_| mismatch()),
            Err(error) => match error.downcast::<O::Error>() {
                Ok(error) => {
                    Err(SdkError::ServiceError(ServiceError::new(O::NAME, *error, RawResponse::new(400, Vec::new()))))
                }
                Err(_) => Err(mismatch()),
            },
        }
    }
}

/// A request a [`ReplayClient`] received.
#[derive(Debug, Clone)]
pub struct ReplayedRequest {
    /// What was sent: method, URL, headers, body.
    pub request: HttpRequest,
}

impl ReplayedRequest {
    /// The form body, decoded, in order (`[("Action", "AssumeRole"), ...]`).
    pub fn form(&self) -> Vec<(String, String)> {
        crate::sign::decoded_pairs(&self.request.body)
    }

    /// The form's value for `name`.
    pub fn form_value(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// An [`HttpClient`] that answers canned responses in order and records every request.
/// Once the responses run out, a request fails as a connection error would.
#[derive(Debug, Clone, Default)]
pub struct ReplayClient {
    state: Arc<Mutex<(VecDeque<HttpResponse>, Vec<ReplayedRequest>)>>,
}

impl ReplayClient {
    /// A client answering `responses` (status, body) in order.
    pub fn new<B: Into<String>>(responses: impl IntoIterator<Item = (u16, B)>) -> Self {
        let responses = responses
            .into_iter()
            .map(|(status, body)| HttpResponse {
                status,
                headers: vec![("content-type".into(), "text/xml".into())],
                body: body.into().into_bytes(),
            })
            .collect();
        Self { state: Arc::new(Mutex::new((responses, Vec::new()))) }
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<ReplayedRequest> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).1.clone()
    }

    /// How many canned responses are left.
    pub fn remaining(&self) -> usize {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).0.len()
    }
}

impl HttpClient for ReplayClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.1.push(ReplayedRequest { request });
        let next = state.0.pop_front();
        Box::pin(async move {
            next.ok_or_else(|| HttpError::new(HttpErrorKind::Connect, "the replay client has no response left"))
        })
    }
}
