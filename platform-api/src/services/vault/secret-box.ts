/** Binds a sealed secret to its row and owner: moving ciphertext elsewhere makes it unreadable. */
export interface SecretContext {
  table: string;
  rowId: string;
  ownerId: string;
}

/** The part of the KMS envelope vault the account services need. */
export interface SecretBox {
  seal(plaintext: string, aad: SecretContext): Promise<string>;
  open(envelope: string, aad: SecretContext): Promise<string>;
}
