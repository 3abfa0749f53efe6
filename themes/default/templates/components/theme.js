{#- Inlined in <head> by base.html, so it runs before the page is drawn: the reader's
    choice of light, dark or system colours (kept in localStorage) is on <html> before the
    first paint, with no flash of the other palette. The toggle button in the header cycles
    system → light → dark and says which is on (aria-label, from its data-* strings).
    "js" on <html> shows the button, which does nothing without script. Before printing,
    every FAQ answer opens (browsers without ::details-content in print CSS).
    Written small: these bytes are in every page. -#}
(function(r){var K="aiblog-theme",O=["auto","light","dark"];
function t(){return r.getAttribute("data-theme")||"auto"}
function set(v){if(v==="light"||v==="dark")r.setAttribute("data-theme",v);else r.removeAttribute("data-theme")}
function say(b){var s=b.getAttribute("data-"+t());b.setAttribute("aria-label",s);b.title=s}
try{set(localStorage.getItem(K))}catch(e){}
r.className+=" js";
document.addEventListener("DOMContentLoaded",function(){var b=document.querySelector(".theme-toggle");if(b)say(b)});
document.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest(".theme-toggle");if(!b)return;
var v=O[(O.indexOf(t())+1)%3];set(v);try{v==="auto"?localStorage.removeItem(K):localStorage.setItem(K,v)}catch(e){}say(b)});
addEventListener("beforeprint",function(){document.querySelectorAll(".faq details").forEach(function(d){d.open=true})})
})(document.documentElement);
