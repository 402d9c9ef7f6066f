package io.omnihub.app.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Entry points of the web console: {@code /console} redirects to {@code /console/}, which serves the
 * single page {@code static/console/index.html}. The page's scripts and styles are plain static
 * resources under {@code /console/}; all data comes from the ops API with the user's credentials.
 */
@Controller
public class ConsoleController {

    /** Redirects to the console's base path, so that the page's relative links resolve under it. */
    @GetMapping("/console")
    public ResponseEntity<Void> redirect() {
        return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, "/console/").build();
    }

    /** The console page; never cached, so an upgraded hub serves its new console at once. */
    @GetMapping("/console/")
    public ResponseEntity<Resource> index() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.TEXT_HTML)
                .body(new ClassPathResource("static/console/index.html"));
    }
}
