//! The app shell: header, left navigation and the main area showing the current page.

use leptos::prelude::*;

use crate::data_page::{DataPage, DatasetSummary};
use crate::deploy_page::DeployPage;
use crate::models_page::ModelsPage;
use crate::monitoring_page::MonitoringPage;
use crate::page::Page;
use crate::pipeline_page::PipelinePage;
use crate::predict_page::PredictPage;

fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (page, set_page) = signal(Page::from_hash(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_page.set(Page::from_hash(&current_hash()))
    });
    on_cleanup(move || handle.remove());
    // The dataset summary is shared: the Data page changes it, the Overview shows it.
    let dataset = RwSignal::new(DatasetSummary::Loading);
    crate::data_page::load_stored(dataset);

    view! {
        <div class="shell">
            <header class="topbar">
                <a class="brand" href="#overview">
                    <img src="icon.svg" alt="" width="28" height="28" />
                    <span>"Hearth"</span>
                </a>
                <span class="tagline">"MLOps in one tab — offline, in your browser"</span>
            </header>
            <nav class="sidenav" aria-label="Pages">
                <ul>
                    {Page::ALL
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <a
                                        href=format!("#{}", p.slug())
                                        id=format!("nav-{}", p.slug())
                                        class:active=move || page.get() == p
                                        aria-current=move || (page.get() == p).then_some("page")
                                    >
                                        {p.title()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main class="content" id="main">
                <h1 id="page-title">{move || page.get().title()}</h1>
                {move || match page.get() {
                    Page::Overview => view! { <Overview dataset=dataset /> }.into_any(),
                    Page::Data => view! { <DataPage dataset=dataset /> }.into_any(),
                    Page::Pipeline => view! { <PipelinePage dataset=dataset /> }.into_any(),
                    Page::Models => view! { <ModelsPage /> }.into_any(),
                    Page::Deploy => view! { <DeployPage /> }.into_any(),
                    Page::Predict => view! { <PredictPage /> }.into_any(),
                    Page::Monitoring => view! { <MonitoringPage /> }.into_any(),
                    other => view! { <Planned page=other /> }.into_any(),
                }}
            </main>
        </div>
    }
}

/// Workspace summary: what is stored in this browser.
#[component]
fn Overview(dataset: RwSignal<DatasetSummary>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Workspace"</h2>
            <p id="overview-data">
                {move || match dataset.get() {
                    DatasetSummary::Loading => "Reading the workspace…".to_string(),
                    DatasetSummary::Empty => "No data yet. Open Data to load the built-in sample.".to_string(),
                    DatasetSummary::Loaded(s) => format!("Dataset: {} rows × {} columns.", s.n_rows(), s.n_cols()),
                    DatasetSummary::Failed(e) => format!("Could not read the workspace: {e}"),
                }}
            </p>
            <p class="muted">"Everything lives in this browser (IndexedDB); nothing is sent anywhere."</p>
        </section>
    }
}

/// A page whose feature has not landed yet: says what it will do, nothing pretends to work.
#[component]
fn Planned(page: Page) -> impl IntoView {
    view! {
        <section class="card empty">
            <p>{page.planned().unwrap_or_default()}</p>
            <p class="muted">"Not available yet in this build."</p>
        </section>
    }
}
