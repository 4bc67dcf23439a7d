//! Entry point of the browser app: set the panic hook and mount. Everything else is in the library.
fn main() {
    archsim_web::start();
}
