//! The per-rule plans of `EXPLAIN VERBOSE`, rendered on a helper while planning goes on: the logical steps as the
//! optimizer hands them over, each physical rule's output as the physical optimizer produces it, then the final plan.
//! On two cores the rendering then costs little more than the planning it runs beside. Without a helper (a busy
//! machine) the same jobs queue up and are rendered when the capture finishes planning.

use crate::instrument::PhysicalEvent;
use super::verbose::VerboseRenderer;
use datafusion::common::display::{PlanType, StringifiedPlan};
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::ExecutionPlan;
use crate::canonical::hash_text;
use crate::roots::DataRoots;
use std::collections::HashMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

pub enum Job {
    /// A logical step; `None` when the step left the plan as it was (its text is the one above it).
    Logical(PlanType, Option<LogicalPlan>),
    Physical(PhysicalEvent),
    /// The plan the physical planner returned.
    Final(Arc<dyn ExecutionPlan>),
}

/// One run of the physical optimizer, rendered. Subqueries planned first get runs of their own; the query's own run
/// is the last one.
pub struct RenderedPass {
    /// The initial physical plan as `EXPLAIN VERBOSE` prints it: plain, with statistics, with schema.
    pub initial: Vec<(String, Arc<String>)>,
    /// Each rule's output, in order.
    pub steps: Vec<(String, Arc<String>)>,
    /// The last plan and its text as the rules' rows render it.
    pub last: (Arc<dyn ExecutionPlan>, Arc<String>),
    /// The explain controls the rules ran under.
    pub show_statistics: bool,
    pub show_schema: bool,
}

#[derive(Default)]
pub struct Rendered {
    pub logical: Vec<StringifiedPlan>,
    pub passes: Vec<RenderedPass>,
    /// The final plan: plain, with statistics, with schema (a capture always sends it before finishing).
    pub finals: Vec<(String, Arc<String>)>,
    /// Each text's hash (root-masked, as the explain component records it), taken while the planner still works.
    pub hashes: TextHashes,
}

/// Hashes of rendered texts by the address of their `Arc`; the map holds each text, so no address is reused.
pub type TextHashes = HashMap<usize, (Arc<String>, String)>;

/// The hash the explain component records for a text: over the text with data roots masked.
pub fn remember_hash(hashes: &mut TextHashes, text: &Arc<String>, roots: &DataRoots) {
    hashes
        .entry(Arc::as_ptr(text) as usize)
        .or_insert_with(|| (Arc::clone(text), hash_text(roots.mask_if_needed(text).as_deref().unwrap_or(text.as_str()))));
}

/// Jobs travel to the renderer in batches that end with a plan to render: waking the renderer costs a system call,
/// and most steps (rules that changed nothing) have nothing of their own to render. Dropping it sends what is left.
pub struct JobSink {
    sender: Sender<Vec<Job>>,
    pending: Vec<Job>,
    /// The last physical plan sent: a step that returns it renders nothing new.
    last_physical: Option<Arc<dyn ExecutionPlan>>,
}

impl JobSink {
    pub fn push(&mut self, job: Job) {
        let renders = match &job {
            Job::Logical(_, plan) => plan.is_some(),
            Job::Physical(PhysicalEvent::Start { initial, .. }) => {
                self.last_physical = Some(Arc::clone(initial));
                true
            }
            Job::Physical(PhysicalEvent::Step { plan, .. }) => {
                let same = self.last_physical.as_ref().is_some_and(|last| Arc::ptr_eq(last, plan));
                self.last_physical = Some(Arc::clone(plan));
                !same
            }
            Job::Final(_) => true,
        };
        self.pending.push(job);
        if renders {
            self.flush();
        }
    }

    pub fn flush(&mut self) {
        if !self.pending.is_empty() {
            // The worker only stops once every sink is gone: a send cannot fail while `self` lives.
            let _ = self.sender.send(std::mem::take(&mut self.pending));
        }
    }
}

impl Drop for JobSink {
    fn drop(&mut self) {
        self.flush();
    }
}

pub struct Renderer {
    logical: std::cell::RefCell<JobSink>,
    worker: Worker,
}

enum Worker {
    /// On the runtime's blocking pool, whose threads are kept for the next capture.
    Thread(tokio::task::JoinHandle<Rendered>),
    /// No thread: the jobs queue up and are rendered by [`Renderer::finish`] on the calling thread.
    Deferred(Receiver<Vec<Job>>, DataRoots),
}

impl Renderer {
    /// With `thread`, renders beside the planner; otherwise when finished (see `capture::helper_threads`).
    pub fn spawn(roots: DataRoots, thread: Option<&tokio::runtime::Handle>) -> Self {
        let (sender, queue) = channel();
        let worker = if let Some(tokio) = thread {
            Worker::Thread(tokio.spawn_blocking(move || run(queue, &roots)))
        } else {
            Worker::Deferred(queue, roots)
        };
        Renderer { logical: std::cell::RefCell::new(JobSink { sender, pending: Vec::new(), last_physical: None }), worker }
    }

    /// A sink of its own for the physical optimizer's rules (sent after every logical step already pushed).
    pub fn physical_sink(&self) -> JobSink {
        let mut logical = self.logical.borrow_mut();
        logical.flush();
        JobSink { sender: logical.sender.clone(), pending: Vec::new(), last_physical: None }
    }

    pub fn logical(&self, plan_type: PlanType, plan: Option<LogicalPlan>) {
        self.logical.borrow_mut().push(Job::Logical(plan_type, plan));
    }

    /// The physical planner's result (after the physical sink is dropped, so that it comes after every rule).
    pub fn final_plan(&self, plan: &Arc<dyn ExecutionPlan>) {
        self.logical.borrow_mut().push(Job::Final(Arc::clone(plan)));
    }

    /// Waits for everything sent so far to be rendered. Sinks handed out must be dropped first.
    pub async fn finish(self) -> crate::errors::EngineResult<Rendered> {
        let Renderer { logical, worker } = self;
        drop(logical);
        match worker {
            Worker::Thread(worker) => crate::errors::joined(worker.await),
            Worker::Deferred(queue, roots) => Ok(run(queue, &roots)),
        }
    }
}

fn run(queue: Receiver<Vec<Job>>, roots: &DataRoots) -> Rendered {
    let mut out = Rendered::default();
    let mut verbose = VerboseRenderer::default();
    for job in queue.into_iter().flatten() {
        match job {
            Job::Logical(plan_type, plan) => {
                let plan = match (plan, out.logical.last()) {
                    (None, Some(above)) => Arc::clone(&above.plan),
                    (Some(plan), _) => Arc::new(plan.display_indent().to_string()),
                    (None, None) => Arc::new(String::new()),
                };
                remember_hash(&mut out.hashes, &plan, roots);
                out.logical.push(StringifiedPlan { plan_type, plan });
            }
            Job::Physical(PhysicalEvent::Start { initial, show_statistics, show_schema }) => {
                let plain = verbose.render(&initial, false, false);
                let as_rules = if show_statistics || show_schema {
                    verbose.render(&initial, show_statistics, show_schema)
                } else {
                    Arc::clone(&plain)
                };
                let initial_rows = vec![
                    (PlanType::InitialPhysicalPlan.to_string(), plain),
                    (PlanType::InitialPhysicalPlanWithStats.to_string(), verbose.render(&initial, true, false)),
                    (PlanType::InitialPhysicalPlanWithSchema.to_string(), verbose.render(&initial, false, true)),
                ];
                for (_, text) in &initial_rows {
                    remember_hash(&mut out.hashes, text, roots);
                }
                remember_hash(&mut out.hashes, &as_rules, roots);
                out.passes.push(RenderedPass {
                    initial: initial_rows,
                    steps: Vec::new(),
                    last: (initial, as_rules),
                    show_statistics,
                    show_schema,
                });
            }
            Job::Physical(PhysicalEvent::Step { rule, plan }) => {
                let Some(pass) = out.passes.last_mut() else { continue };
                // A rule that returns its input plan (the same `Arc`) shows the text rendered for that plan.
                let text = if Arc::ptr_eq(&pass.last.0, &plan) {
                    Arc::clone(&pass.last.1)
                } else {
                    verbose.render(&plan, pass.show_statistics, pass.show_schema)
                };
                remember_hash(&mut out.hashes, &text, roots);
                pass.steps.push((PlanType::OptimizedPhysicalPlan { optimizer_name: rule }.to_string(), Arc::clone(&text)));
                pass.last = (plan, text);
            }
            Job::Final(plan) => {
                // The last rule's text, when it rendered this plan the plain way.
                let plain = match out.passes.last() {
                    Some(p) if !p.show_statistics && !p.show_schema && Arc::ptr_eq(&p.last.0, &plan) => Arc::clone(&p.last.1),
                    _ => verbose.render(&plan, false, false),
                };
                out.finals = vec![
                    (PlanType::FinalPhysicalPlan.to_string(), plain),
                    (PlanType::FinalPhysicalPlanWithStats.to_string(), verbose.render(&plan, true, false)),
                    (PlanType::FinalPhysicalPlanWithSchema.to_string(), verbose.render(&plan, false, true)),
                ];
                for (_, text) in &out.finals {
                    remember_hash(&mut out.hashes, text, roots);
                }
            }
        }
    }
    out
}
