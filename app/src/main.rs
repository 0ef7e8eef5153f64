//! Entry point of the browser app: installs the panic hook, registers the offline service worker and mounts the shell.

fn main() {
    console_error_panic_hook::set_once();
    hearth_app::register_service_worker();
    leptos::mount::mount_to_body(hearth_app::App);
}
