package io.omnihub.canonical;

/** The buyer as the channel knows them; {@code masked} is true when personal fields were masked. */
public record Customer(String externalId, String email, String phone, String name, Boolean masked) {
}
