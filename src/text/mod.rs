//! Text of articles: HTML extraction, boilerplate removal, script and language.

pub mod boilerplate;
pub mod dom;
pub mod html;
pub mod page;
pub mod script;
