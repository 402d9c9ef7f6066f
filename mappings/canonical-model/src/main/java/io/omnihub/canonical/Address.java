package io.omnihub.canonical;

/** A postal address; {@code masked} is true when personal fields were masked for the destination. */
public record Address(String name, String company, String line1, String line2, String city, String district,
                      String region, String postalCode, String countryCode, String phone, Boolean masked) {
}
