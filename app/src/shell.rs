//! The app shell: header, left navigation and the main area showing the current page.

use leptos::prelude::*;

use crate::data_page::{DataPage, DatasetSummary};
use crate::deploy_page::DeployPage;
use crate::experiments_page::ExperimentsPage;
use crate::models_page::ModelsPage;
use crate::monitoring_page::MonitoringPage;
use crate::overview_page::OverviewPage;
use crate::page::Page;
use crate::pipeline_page::PipelinePage;
use crate::predict_page::PredictPage;
use crate::settings_page::SettingsPage;
use crate::sync_page::SyncPage;

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
    // The dataset summary is shared: the Data page and Settings (import, clear) change it.
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
                    Page::Overview => view! { <OverviewPage /> }.into_any(),
                    Page::Data => view! { <DataPage dataset=dataset /> }.into_any(),
                    Page::Pipeline => view! { <PipelinePage dataset=dataset /> }.into_any(),
                    Page::Models => view! { <ModelsPage /> }.into_any(),
                    Page::Deploy => view! { <DeployPage /> }.into_any(),
                    Page::Predict => view! { <PredictPage /> }.into_any(),
                    Page::Sync => view! { <SyncPage /> }.into_any(),
                    Page::Monitoring => view! { <MonitoringPage /> }.into_any(),
                    Page::Experiments => view! { <ExperimentsPage /> }.into_any(),
                    Page::Settings => view! { <SettingsPage dataset=dataset /> }.into_any(),
                }}
            </main>
        </div>
    }
}
